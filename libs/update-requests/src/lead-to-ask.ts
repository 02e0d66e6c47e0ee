import type { Prisma } from '@waymark/db';

/** What an action must be loaded with to know whom to ask. */
export const actionLeads = {
  leadContact: { include: { organisation: true } },
  leadOrganisations: {
    include: { organisation: { include: { defaultContact: { include: { organisation: true } } } } },
  },
} satisfies Prisma.ActionInclude;

/** What whom-to-ask depends on: an action loaded with `actionLeads` is one, and so is a plan being imported. */
export interface ActionWithLeads {
  leadContactId: string | null;
  leadContact?: { organisation: { name: string } | null } | null;
  leadText: string | null;
  leadOrganisations: {
    organisation: {
      name: string;
      aliases: string[];
      archivedAt: Date | null;
      defaultContact: { id: string; archivedAt: Date | null; organisation: { name: string } | null } | null;
    };
  }[];
}

export interface LeadToAsk {
  contactId: string;
  /** The asked contact's organisation, for the workflow's search attributes. */
  organisationName: string | null;
  /** The lead organisation whose default contact is asked, when the action has no lead contact of its own. */
  asDefaultFor: string | null;
}

/**
 * Whom an action's update request goes to: its lead contact; or, until it has one, the default contact of
 * its lead organisations (the one its lead cell names first), who is asked to answer or to name the right
 * person. Null when there is nobody to ask.
 */
export function leadToAsk(action: ActionWithLeads): LeadToAsk | null {
  if (action.leadContactId) {
    return {
      contactId: action.leadContactId,
      organisationName: action.leadContact?.organisation?.name ?? null,
      asDefaultFor: null,
    };
  }
  const leadText = (action.leadText ?? '').toLowerCase();
  const named = (o: { name: string; aliases: string[] }) => {
    const at = [o.name, ...o.aliases].map((n) => leadText.indexOf(n.toLowerCase())).filter((i) => i >= 0);
    return at.length > 0 ? Math.min(...at) : Number.MAX_SAFE_INTEGER;
  };
  const withDefault = action.leadOrganisations
    .map((l) => l.organisation)
    .filter((o) => !o.archivedAt && o.defaultContact && !o.defaultContact.archivedAt)
    .sort((a, b) => named(a) - named(b) || a.name.localeCompare(b.name));
  const first = withDefault[0];
  if (!first?.defaultContact) return null;
  return {
    contactId: first.defaultContact.id,
    organisationName: first.defaultContact.organisation?.name ?? null,
    asDefaultFor: first.name,
  };
}
