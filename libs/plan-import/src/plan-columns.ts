/**
 * The columns of an action plan and the many ways councils head them ("Lead Partner/s:", "Lead agency",
 * "Responsible", "Date for Completion", "Timescale / Target Date:", "Objectives: Partner agencies will:",
 * "Priority-specific aim", …), read by meaning rather than by exact label.
 */
export const PLAN_FIELDS = [
  'ref',
  'priority',
  'title',
  'text',
  'lead',
  'leadOfficer',
  'supporting',
  'startDate',
  'dueDate',
  'measure',
] as const;

export type PlanField = (typeof PLAN_FIELDS)[number];

/** Columns plans have that Waymark knows but does not import: listed as such, never read as a field. */
export const OTHER_COLUMNS = [
  'aim',
  'outcome',
  'level',
  'subtheme',
  'rag',
  'status',
  'progress',
  'notes',
  'updated',
  'resources',
  'risk',
  'source',
] as const;

export type OtherColumn = (typeof OTHER_COLUMNS)[number];
export type ColumnKind = PlanField | OtherColumn;

/** How each field is named in the reports and in the exported workbook. */
export const FIELD_LABELS: Record<PlanField, string> = {
  ref: 'Ref',
  priority: 'Priority',
  title: 'Title',
  text: 'Action',
  lead: 'Lead Partner/s',
  leadOfficer: 'Lead officer',
  supporting: 'Supporting partners',
  startDate: 'Start',
  dueDate: 'Date for completion',
  measure: 'Measure',
};

/** What a column is read as, in the words of the dry run's mapping ("C “Key actions:” as the action"). */
export const KIND_WORDS: Record<ColumnKind, string> = {
  ref: 'the reference',
  priority: 'the priority',
  title: 'the title',
  text: 'the action',
  lead: 'the lead organisations',
  leadOfficer: 'the lead officer (a contact, by email or name)',
  supporting: 'the supporting partners',
  startDate: 'the start date',
  dueDate: 'the due date',
  measure: 'the measure',
  aim: 'aims',
  outcome: 'outcomes',
  level: 'levels',
  subtheme: 'sub-themes',
  rag: 'RAG ratings',
  status: 'statuses',
  progress: 'progress',
  notes: 'notes',
  updated: 'dates of update',
  resources: 'resources',
  risk: 'risks',
  source: 'source references',
};

export function isPlanField(kind: ColumnKind | null): kind is PlanField {
  return kind !== null && (PLAN_FIELDS as readonly string[]).includes(kind);
}

/** Labels that are a reference column only when they are the whole label ("No", not "No. of referrals"). */
const REF_LABELS = new Set([
  'ref',
  'refs',
  'reference',
  'ref no',
  'ref number',
  'reference no',
  'reference number',
  'no',
  'nos',
  'number',
  'id',
  'item',
  'item no',
  'action no',
  'action number',
  'action ref',
  'action reference',
  'action id',
  'rec',
  'rec no',
  'rec ref',
  'recommendation no',
  'recommendation number',
  'recommendation ref',
]);

/** Exact labels for a short title; "Summary of progress" is not one. */
const TITLE_LABELS = new Set([
  'title',
  'action title',
  'short title',
  'summary',
  'name',
  'action name',
  'headline',
  'action summary',
]);

/**
 * The words and phrases that name each kind of column. Within a label the longest phrase found decides,
 * then the last one ("Action owner" is an owner, "Outcome measure" a measure, "Priority level" a level).
 */
const VOCABULARY: Record<Exclude<ColumnKind, 'ref' | 'title'>, string[]> = {
  text: [
    'action',
    'actions',
    'what we will do',
    'we will',
    'what',
    'task',
    'tasks',
    'activity',
    'activities',
    'description',
    'action description',
    'deliverable',
    'deliverables',
    'recommendation',
    'recommendations',
    'commitment',
    'commitments',
    'intervention',
    'interventions',
    'steps',
  ],
  lead: [
    'lead',
    'leads',
    'lead partner',
    'lead partners',
    'lead agency',
    'lead agencies',
    'lead organisation',
    'lead organisations',
    'lead body',
    'lead service',
    'led by',
    'delivered by',
    'responsible',
    'responsibility',
    'responsible organisation',
    'responsible agency',
    'responsible partner',
    'owner',
    'owners',
    'ownership',
    'accountable',
    'accountability',
    'who',
    'by whom',
    'agency',
    'agencies',
    'organisation',
    'organisations',
    'service',
  ],
  leadOfficer: [
    'lead officer',
    'lead officers',
    'officer',
    'officers',
    'responsible officer',
    'lead contact',
    'contact',
    'contacts',
    'contact name',
    'named lead',
    'named officer',
    'named contact',
    'lead person',
    'responsible person',
    'lead name',
    'officer name',
    'email',
    'email address',
    'e mail',
  ],
  supporting: [
    'support',
    'supporting',
    'supported by',
    'support from',
    'supporting partners',
    'supporting agencies',
    'supporting organisations',
    'partner',
    'partners',
    'partner agencies',
    'partner organisations',
    'other partners',
    'other agencies',
    'partners involved',
    'contributing partners',
    'contributors',
    'contributing',
  ],
  startDate: [
    'start',
    'start date',
    'starts',
    'starting',
    'commence',
    'commencing',
    'commencement',
    'commencement date',
    'begin',
    'begins',
    'beginning',
  ],
  dueDate: [
    'date',
    'dates',
    'due',
    'due date',
    'date due',
    'due by',
    'deadline',
    'deadlines',
    'by when',
    'when',
    'timescale',
    'timescales',
    'time scale',
    'time scales',
    'timeframe',
    'timeframes',
    'time frame',
    'time frames',
    'timing',
    'target date',
    'target dates',
    'completion',
    'completion date',
    'complete by',
    'completed by',
    'end',
    'end date',
    'finish',
    'delivery date',
    'start and end date',
    'start and end dates',
    'year',
    'quarter',
  ],
  measure: [
    'measure',
    'measures',
    'measured',
    'measurable',
    'measure of success',
    'measures of success',
    'kpi',
    'kpis',
    'indicator',
    'indicators',
    'performance indicator',
    'performance indicators',
    'success',
    'success criteria',
    'how will we know',
    'how we will know',
    'target',
    'targets',
    'output',
    'outputs',
    'milestone',
    'milestones',
  ],
  priority: [
    'priority',
    'priorities',
    'strategic priority',
    'strategic priorities',
    'theme',
    'themes',
    'strategic theme',
    'strategic aim',
    'strategic aims',
    'strategic objective',
    'strategic objectives',
    'workstream',
    'workstreams',
    'work stream',
    'pillar',
    'pillars',
    'strand',
    'strands',
    'area of focus',
    'focus area',
    'section',
  ],
  aim: ['aim', 'aims', 'objective', 'objectives', 'goal', 'goals', 'purpose', 'why'],
  outcome: [
    'outcome',
    'outcomes',
    'impact',
    'impacts',
    'difference',
    'what difference',
    'result',
    'results',
    'benefit',
    'benefits',
  ],
  level: ['level', 'levels', 'tier', 'priority level', 'level of priority'],
  subtheme: ['sub theme', 'sub themes', 'subtheme', 'subthemes', 'sub priority', 'sub priorities'],
  rag: ['rag', 'rag status', 'rag rating', 'red amber green', 'brag', 'rating'],
  status: ['status', 'current status', 'action status'],
  progress: [
    'progress',
    'update',
    'updates',
    'progress update',
    'commentary',
    'position',
    'current position',
    'evidence',
    'percent complete',
    'percent',
  ],
  notes: ['note', 'notes', 'comment', 'comments', 'remark', 'remarks'],
  updated: [
    'updated',
    'last updated',
    'last update',
    'date updated',
    'date of last update',
    'review date',
    'date reviewed',
    'reviewed',
  ],
  resources: ['budget', 'budgets', 'cost', 'costs', 'funding', 'resource', 'resources', 'finance'],
  risk: ['risk', 'risks', 'issue', 'issues', 'barrier', 'barriers', 'dependencies'],
  source: ['source', 'paragraph', 'para', 'report paragraph', 'strategy reference'],
};

/** Words that qualify a label without changing what it names ("Key actions", "Priority-specific aim"). */
const QUALIFIERS = [
  ['priority', 'specific'],
  ['high', 'level'],
  ['key'],
  ['proposed'],
  ['main'],
  ['overall'],
  ['planned'],
  ['agreed'],
  ['specific'],
  ['suggested'],
  ['intended'],
  ['desired'],
  ['detailed'],
  ['brief'],
  ['the'],
  ['our'],
];

/** Words after which a label goes on about something else ("Actions to deliver the outcome"). */
const CLAUSE_WORDS = new Set(['to', 'for', 'against', 'towards']);

interface Phrase {
  words: string[];
  kind: ColumnKind;
}

const PHRASES: Phrase[] = Object.entries(VOCABULARY)
  .flatMap(([kind, phrases]) => phrases.map((p) => ({ words: p.split(' '), kind: kind as ColumnKind })))
  .sort((a, b) => b.words.length - a.words.length);

/** Lower case, "&" as "and", "Partner/s" and "Partner(s)" as "partners", punctuation as spaces. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/\(s\)|\/s\b/g, 's')
    .replace(/&/g, ' and ')
    .replace(/%/g, ' percent ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * A label as words, in segments: "/" parts alternatives ("Objective / action"), brackets, commas and
 * dashes part the rest. Numbering ("1.", "a)"), trailing colons and qualifiers are dropped.
 */
function labelSegments(header: string): { words: string[]; alternative: boolean }[] {
  const text = header
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/y\s*\/\s*ies\b/g, 'ies')
    .replace(/\((e?s)\)/g, '$1')
    .replace(/\/s\b/g, 's')
    .replace(/&/g, ' and ')
    .replace(/%/g, ' percent ')
    .replace(/#/g, ' no ')
    .replace(/^\s*\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|i{1,3}|iv|vi{0,3})[.)]\s*(?=[a-z])/, '');
  const segments: { words: string[]; alternative: boolean }[] = [];
  let alternative = false;
  for (const part of text.split(/(\/|[(),;|[\]]|\s[-–—]\s)/)) {
    if (part === '/') {
      alternative = true;
      continue;
    }
    if (/^(?:[(),;|[\]]|\s[-–—]\s)$/.test(part)) {
      alternative = false;
      continue;
    }
    const words = dropQualifiers(part.split(/[^a-z0-9]+/).filter(Boolean));
    if (words.length > 0) segments.push({ words, alternative });
    alternative = false;
  }
  return segments;
}

function dropQualifiers(words: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const qualifier = QUALIFIERS.find((q) => q.every((w, k) => words[i + k] === w));
    // A qualifier standing alone is the label ("Key" over a legend, "Main"): nothing is left, as it should.
    if (qualifier) i += qualifier.length - 1;
    else kept.push(words[i]);
  }
  return kept;
}

/** The kind a run of words names: the longest phrase found, the last of equals; null if none. */
function kindOfWords(words: string[]): ColumnKind | null {
  // Only the head of the label counts: "Actions to deliver the outcome" is about actions.
  // ("Date action to be completed by" goes on about the date: a passive "to be" starts no new clause.)
  const clause = words.findIndex((w, i) => i > 0 && CLAUSE_WORDS.has(w) && words[i + 1] !== 'be');
  const head = clause > 0 ? words.slice(0, clause) : words;
  let best: { length: number; at: number; kind: ColumnKind } | null = null;
  for (let i = 0; i < head.length; i++) {
    const phrase = PHRASES.find((p) => p.words.every((w, k) => head[i + k] === w));
    if (!phrase) continue;
    const length = phrase.words.length;
    if (!best || length >= best.length) best = { length, at: i, kind: phrase.kind };
    i += length - 1;
  }
  return best?.kind ?? null;
}

/**
 * What a header names: a field Waymark imports, a column it knows and leaves (aims, outcomes, levels,
 * RAG, progress, notes…), or null when it names nothing known.
 */
export function recogniseLabel(header: string): ColumnKind | null {
  if (header.trim() === '#') return 'ref';
  const segments = labelSegments(header);
  const whole = segments.map((s) => s.words.join(' ')).join(' ');
  if (!whole) return null;
  if (REF_LABELS.has(whole)) return 'ref';
  if (TITLE_LABELS.has(whole)) return 'title';
  // "What we will do", "Objectives: partner agencies will:", "What the partnership will deliver".
  if (/\bwill(?: do| deliver| achieve)?$/.test(whole) && !/\bhow\b/.test(whole)) return 'text';
  let found: ColumnKind | null = null;
  for (const segment of segments) {
    const kind = kindOfWords(segment.words);
    if (!kind) continue;
    // Alternatives ("Objective / action", "Comments / evidence"): a field Waymark imports wins.
    if (found && segment.alternative) {
      if (!isPlanField(found) && isPlanField(kind)) found = kind;
      continue;
    }
    if (found) break;
    found = kind;
  }
  return found;
}

/** The field a header names, or null when it names none Waymark imports (or nothing at all). */
export function recogniseHeader(header: string): PlanField | null {
  const kind = recogniseLabel(header);
  return isPlanField(kind) ? kind : null;
}

/** "Objective(s)" heads the actions when nothing else does (Herefordshire's "Objectives: …"). */
export function namesObjectives(header: string): boolean {
  return labelSegments(header).some((s) => s.words.some((w) => w === 'objective' || w === 'objectives'));
}

/** "A" for 1, "AA" for 27. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** 1 for "A", 27 for "AA"; null when the text is not a column letter. */
export function columnNumber(letters: string): number | null {
  if (!/^[A-Z]{1,3}$/.test(letters)) return null;
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}
