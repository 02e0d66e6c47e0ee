/**
 * Lead cells as plans write them: "Police / CSP", "Police, Housing and Health", "NHS & CCG",
 * "Community Safety Partnership?", "Sandwell & West Birmingham NHS Trust". Split into the bodies named,
 * each matched to a partner organisation by its name or one of its aliases.
 */
export interface OrganisationName {
  id: string;
  name: string;
  aliases: string[];
  /** Asked for its actions that have no lead contact of their own. */
  defaultContactId?: string | null;
}

export interface LeadMatch {
  /** The organisations named, in the order the cell names them, without repeats. */
  organisations: OrganisationName[];
  /** The parts of the cell that name no known organisation, as written. */
  unknown: string[];
}

/** Cells that say there is no lead (yet). */
const NO_LEAD = /^(?:n\/?a|none|tbc|tba|tbd|to be confirmed|to be agreed|-+|\?+|not applicable)$/i;
/** Separators that always part two leads. */
const HARD_SEPARATORS = /\s*[/;,+|\n]\s*/;
/** An unmatched name is split off at "and"/"&" only when short ("NHS & CCG"), never a long name. */
const MAX_WORDS_IN_GUESSED_NAME = 3;

/** Lower case, "&" as "and", no apostrophes, punctuation as spaces, no leading "the". */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

export function isNoLead(cell: string): boolean {
  return NO_LEAD.test(cell.trim());
}

/** Finds organisations by any of their names. Two organisations sharing an alias: the first (by name) wins. */
export class OrganisationDirectory {
  private readonly byName = new Map<string, OrganisationName>();

  constructor(organisations: OrganisationName[]) {
    const sorted = [...organisations].sort((a, b) => a.name.localeCompare(b.name));
    for (const names of [(o: OrganisationName) => [o.name], (o: OrganisationName) => o.aliases]) {
      for (const organisation of sorted) {
        for (const name of names(organisation)) {
          const key = normaliseName(name);
          if (key && !this.byName.has(key)) this.byName.set(key, organisation);
        }
      }
    }
  }

  find(text: string): OrganisationName | undefined {
    const key = normaliseName(text);
    if (!key) return undefined;
    return this.byName.get(key) ?? this.byName.get(normaliseName(text.replace(/\([^)]*\)/g, ' ')));
  }
}

type Piece = { org: OrganisationName } | { unknown: string };

/** Splits a lead cell into the organisations it names and the names it gives that match none. */
export function matchLeads(cell: string | null | undefined, directory: OrganisationDirectory): LeadMatch {
  const text = cell?.trim() ?? '';
  if (!text || isNoLead(text)) return { organisations: [], unknown: [] };
  const whole = directory.find(text);
  const pieces: Piece[] = whole
    ? [{ org: whole }]
    : text
        .split(HARD_SEPARATORS)
        .map((part) => part.trim())
        .filter((part) => part && !isNoLead(part))
        .flatMap((part) => splitAtAnd(part, directory));
  const organisations: OrganisationName[] = [];
  const unknown: string[] = [];
  for (const piece of pieces) {
    if ('org' in piece) {
      if (!organisations.includes(piece.org)) organisations.push(piece.org);
    } else if (piece.unknown && !unknown.includes(piece.unknown)) {
      unknown.push(piece.unknown);
    }
  }
  return { organisations, unknown };
}

/**
 * One part of a lead cell, split at "and"/"&" where that names known organisations: the split with the
 * most matches wins, then the one with the fewest pieces (so "Police and Crime Commissioner" stays whole
 * when that is an organisation's name, and unknown words stay together), as long as what is left unknown
 * is short: "Health and Wellbeing Board for the borough" is not "Health" plus an unknown. With no match at
 * all, short names are split ("NHS & CCG") and longer ones kept whole.
 */
function splitAtAnd(part: string, directory: OrganisationDirectory): Piece[] {
  const cleaned = part.replace(/[?!.]+$/, '').trim();
  const direct = directory.find(cleaned);
  if (direct) return [{ org: direct }];
  // [word, joiner, word, joiner, word]: joiners kept so that unknown names read as written.
  const tokens = cleaned.split(/(\s+(?:and|&)\s+|\s*&\s*)/i);
  const words = tokens.filter((_, k) => k % 2 === 0);
  if (words.length === 1 || words.length > 12) return [{ unknown: cleaned }];
  const span = (i: number, j: number) =>
    tokens
      .slice(2 * i, 2 * j - 1)
      .join('')
      .trim();
  // best[i]: the best split of words i.. to the end.
  const best: { pieces: Piece[]; matched: number }[] = [];
  best[words.length] = { pieces: [], matched: 0 };
  for (let i = words.length - 1; i >= 0; i--) {
    for (let j = i + 1; j <= words.length; j++) {
      const name = span(i, j);
      const org = directory.find(name);
      const candidate = {
        pieces: [org ? { org } : { unknown: name }, ...best[j].pieces],
        matched: best[j].matched + (org ? 1 : 0),
      };
      const current = best[i];
      if (
        !current ||
        candidate.matched > current.matched ||
        (candidate.matched === current.matched && candidate.pieces.length < current.pieces.length)
      ) {
        best[i] = candidate;
      }
    }
  }
  const short = (name: string) => name.trim().split(/\s+/).length <= MAX_WORDS_IN_GUESSED_NAME;
  const { pieces, matched } = best[0];
  if (matched > 0 && pieces.every((p) => 'org' in p || short(p.unknown))) return pieces;
  return words.every(short) ? words.map((w) => ({ unknown: w.trim() })) : [{ unknown: cleaned }];
}

/** A partnership's contact, as lead cells and lead officer cells name them: by email or by name. */
export interface ContactName {
  id: string;
  name: string;
  email: string;
  organisationId: string | null;
}

const EMAIL = /[^\s<>()[\]"',;:/]+@[^\s<>()[\]"',;:/]+\.[a-z]{2,}/gi;

/** The email addresses written in a cell, lower case. */
export function emailsIn(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0].toLowerCase());
}

/** The cell without its email addresses (and the "<>" or brackets around them). */
export function withoutEmails(text: string): string {
  return text
    .replace(/[<([]\s*[^\s<>()[\]]+@[^\s<>()[\]]+\s*[>)\]]/g, ' ')
    .replace(EMAIL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Titles a plan may or may not write before a name ("DI Rowan Ashby" is Rowan Ashby). */
const HONORIFIC =
  /^(?:(?:dr|mr|mrs|ms|miss|mx|prof|cllr|councillor|di|dci|dsi|ds|dc|pc|ps|sgt|insp|inspector|ch insp|chief inspector|supt|superintendent|ch supt|chief superintendent)\s+)+/;

function personKey(name: string): string {
  return normaliseName(name).replace(HONORIFIC, '');
}

/** Finds contacts by email, or by a name only one of them has (or only one in the organisations given). */
export class ContactDirectory {
  private readonly byEmail: Map<string, ContactName>;
  private readonly byName = new Map<string, ContactName[]>();

  constructor(contacts: ContactName[]) {
    this.byEmail = new Map(contacts.map((c) => [c.email.toLowerCase(), c]));
    for (const contact of contacts) {
      const key = personKey(contact.name);
      if (key) this.byName.set(key, [...(this.byName.get(key) ?? []), contact]);
    }
  }

  email(email: string): ContactName | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  /** A person named in a cell; undefined when no contact has the name, or several do and nothing tells them apart. */
  named(name: string, organisationIds: string[] = []): ContactName | undefined {
    const found = this.byName.get(personKey(name)) ?? [];
    if (found.length <= 1) return found[0];
    const ours = found.filter((c) => c.organisationId && organisationIds.includes(c.organisationId));
    return ours.length === 1 ? ours[0] : undefined;
  }
}
