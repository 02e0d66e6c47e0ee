import { ActionWithLeads, leadToAsk } from '@waymark/update-requests';
import type { PlanChanges, PlanState } from './plan-changes';
import type { NextSteps } from './plan-import.contract';

/** How the report names a cadence ("each quarter"). */
const CADENCE_WORDS: Record<string, string> = {
  MONTHLY: 'each month',
  QUARTERLY: 'each quarter',
  BEFORE_BOARD_MEETING: 'before each board meeting',
};

/**
 * What the import leads to: which of the strategy's open actions will be chased, for whom (their lead
 * contact, or until they have one their lead organisation's default contact), and which have nobody to
 * ask. The same rule the chase itself follows (`leadToAsk`).
 */
export function nextSteps(
  state: PlanState,
  changes: PlanChanges,
  strategy: { reportingCadence: string },
  outcome: { dryRun: boolean; applied: boolean },
): Omit<NextSteps, 'startedChasing'> {
  const contacts = new Map(state.contacts.map((c) => [c.id, c]));
  const organisations = new Map(state.organisations.map((o) => [o.id, o]));
  const organisationName = (id: string | null) => (id ? (organisations.get(id)?.name ?? null) : null);
  const shape = (
    leadContactId: string | null,
    leadText: string | null,
    leadOrganisationIds: string[],
  ): ActionWithLeads => ({
    leadContactId,
    leadContact: leadContactId
      ? { organisation: orgRef(organisationName(contacts.get(leadContactId)?.organisationId ?? null)) }
      : null,
    leadText,
    leadOrganisations: leadOrganisationIds.flatMap((id) => {
      const organisation = organisations.get(id);
      if (!organisation) return [];
      const fallback = organisation.defaultContactId
        ? contacts.get(organisation.defaultContactId)
        : undefined;
      return [
        {
          organisation: {
            name: organisation.name,
            aliases: organisation.aliases,
            archivedAt: null,
            defaultContact: fallback
              ? {
                  id: fallback.id,
                  archivedAt: null,
                  organisation: orgRef(organisationName(fallback.organisationId)),
                }
              : null,
          },
        },
      ];
    }),
  });

  // The strategy's actions as they will be: those the sheet writes, and those it leaves.
  const planned = new Map(changes.actions.map((a) => [a.ref, a]));
  const actions = [
    ...changes.actions.map((a) => {
      const existing = state.actions.find((e) => e.id === a.existingId);
      return {
        ref: a.ref,
        actionId: a.existingId,
        title: a.data.title ?? existing?.title ?? a.ref,
        closed: existing?.closed ?? false,
        leads: shape(
          a.leadContactId ?? existing?.leadContactId ?? null,
          a.data.leadText !== undefined ? a.data.leadText : (existing?.leadText ?? null),
          a.leadOrganisationIds ?? existing?.leadOrganisationIds ?? [],
        ),
      };
    }),
    ...state.actions
      .filter((e) => !planned.has(e.ref))
      .map((e) => ({
        ref: e.ref,
        actionId: e.id,
        title: e.title,
        closed: e.closed,
        leads: shape(e.leadContactId, e.leadText, e.leadOrganisationIds),
      })),
  ]
    .filter((a) => !a.closed)
    .sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true }));

  const byLead = new Map<string, NextSteps['leads'][number]>();
  const nobody: NextSteps['nobody'] = [];
  for (const action of actions) {
    const lead = leadToAsk(action.leads);
    if (!lead) {
      nobody.push({ ref: action.ref, title: action.title, lead: action.leads.leadText });
      continue;
    }
    const contact = contacts.get(lead.contactId);
    let entry = byLead.get(lead.contactId);
    if (!entry) {
      entry = {
        contact: contact ? `${contact.name} <${contact.email}>` : lead.contactId,
        organisation: lead.organisationName,
        asDefaultFor: [],
        actions: [],
      };
      byLead.set(lead.contactId, entry);
    }
    if (lead.asDefaultFor && !entry.asDefaultFor.includes(lead.asDefaultFor))
      entry.asDefaultFor.push(lead.asDefaultFor);
    entry.actions.push({ ref: action.ref, actionId: action.actionId, asDefault: !!lead.asDefaultFor });
  }
  const leads = [...byLead.values()];
  const chased = leads.reduce((n, l) => n + l.actions.length, 0);
  return { message: describe(), chased, leads, nobody };

  function describe(): string {
    const when = outcome.dryRun || !outcome.applied ? 'once imported, ' : '';
    const refs = (list: { ref: string }[]) => {
      const shown = list.slice(0, 8).map((a) => a.ref);
      return list.length > 8 ? `${shown.join(', ')} and ${list.length - 8} more` : shown.join(', ');
    };
    const people = leads.map((l) => {
      const own = l.actions.filter((a) => !a.asDefault);
      const asDefault = l.actions.filter((a) => a.asDefault);
      const theirs = own.length ? ` for ${refs(own)}` : '';
      const fallback = asDefault.length
        ? `${own.length ? ', and' : ''} as the default contact of ${l.asDefaultFor.join(' and ')} (asked to answer or name the right person) for ${refs(asDefault)}`
        : '';
      return `${l.contact}${theirs}${fallback}`;
    });
    const parts = [
      `What happens next: ${when}${chased} of the strategy's ${actions.length} open action(s) will be chased, one email per lead ${CADENCE_WORDS[strategy.reportingCadence] ?? 'each reporting period'} when its request is due${people.length ? `: ${people.join('; ')}` : ''}.`,
    ];
    if (nobody.length > 0) {
      parts.push(
        `${nobody.length} ${nobody.length === 1 ? 'has' : 'have'} nobody to ask: ${refs(nobody)}. Name a lead officer for them in the plan, or give their lead organisation a default contact on the contacts sheet, and import again.`,
      );
    }
    return parts.join(' ');
  }
}

function orgRef(name: string | null): { name: string } | null {
  return name === null ? null : { name };
}
