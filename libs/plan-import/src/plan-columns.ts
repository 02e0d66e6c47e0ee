/**
 * The columns of an action plan and the many ways councils head them ("Lead Partner/s", "Lead agency",
 * "Responsible", "Date for Completion", "Target completion date", "By when", …).
 */
export const PLAN_FIELDS = [
  'ref',
  'priority',
  'title',
  'text',
  'lead',
  'supporting',
  'startDate',
  'dueDate',
  'measure',
] as const;

export type PlanField = (typeof PLAN_FIELDS)[number];

/** How each field is named in the reports and in the exported workbook. */
export const FIELD_LABELS: Record<PlanField, string> = {
  ref: 'Ref',
  priority: 'Priority',
  title: 'Title',
  text: 'Action',
  lead: 'Lead Partner/s',
  supporting: 'Supporting partners',
  startDate: 'Start',
  dueDate: 'Date for completion',
  measure: 'Measure',
};

/**
 * Header words, tried in order: the first rule that matches decides. Progress columns (status, RAG,
 * comments) come first so that "Progress update date" is not taken for a due date; leads come before dates
 * so that "Delivered by" is a lead, not a date.
 */
const HEADER_RULES: ReadonlyArray<[PlanField | null, RegExp]> = [
  [
    null,
    /\b(status|rag|updates?|comments?|notes?|rating|percent|progress|last updated|review date|risks?|issues?|budget|cost|funding)\b/,
  ],
  ['startDate', /\b(start|starts|starting|commenc\w*|begin\w*)\b/],
  [
    'lead',
    /\b(lead\w*|led by|responsib\w*|owners?|ownership|accountab\w*|who|delivered by|agency|agencies)\b/,
  ],
  ['supporting', /\b(support\w*|contribut\w*|partners?|other partners|partners involved|partner agencies)\b/],
  [
    'dueDate',
    /\b(complet\w*|deadlines?|due|by when|timescales?|time scales?|timeframes?|time frames?|target dates?|end dates?|when|dates?)\b/,
  ],
  [
    'ref',
    /^(ref|refs|reference|ref no|no|nos|number|id|item|item no|action no|action number|action ref|action reference|action id|rec no)$/,
  ],
  [
    'measure',
    /\b(measures?|kpis?|indicators?|success|how will we know|targets?|evidence|outputs?|milestones?)\b/,
  ],
  ['priority', /\b(priorit\w*|themes?|strategic aims?|workstreams?|pillars?|strands?)\b/],
  ['title', /^(title|action title|short title|summary|name|action name|headline)$/],
  [
    'text',
    /\b(actions?|what we will do|we will|what|tasks?|activit\w*|description|deliverables?|recommendations?)\b/,
  ],
];

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

/** The field a header names, or null when it names none Waymark imports (or nothing at all). */
export function recogniseHeader(header: string): PlanField | null {
  if (header.trim() === '#') return 'ref';
  const normalised = normaliseHeader(header);
  if (!normalised) return null;
  for (const [field, pattern] of HEADER_RULES) {
    if (pattern.test(normalised)) return field;
  }
  return null;
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
