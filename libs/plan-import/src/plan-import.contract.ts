import { z } from 'zod';
import { OTHER_COLUMNS, PLAN_FIELDS } from './plan-columns';

const planField = z.enum(PLAN_FIELDS);
const columnKind = z.enum([...PLAN_FIELDS, ...OTHER_COLUMNS]);

/**
 * An explicit mapping, for sheets whose headers Waymark does not recognise (or recognises wrongly).
 * Columns are named by their header text or their letter: `{ "columns": { "lead": "Who", "dueDate": "F" } }`.
 */
export const planMappingSchema = z
  .strictObject({
    sheet: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('The worksheet to read (default: the one whose headers read best)'),
    headerRow: z.int().min(1).max(1000).optional().describe('The row holding the headers (default: found)'),
    columns: z
      .partialRecord(planField, z.string().trim().min(1).max(200))
      .optional()
      .describe('Field → header text or column letter; fields not named are recognised from the headers'),
  })
  .describe('How to read the sheet where its headers are not enough');

export type PlanMapping = z.infer<typeof planMappingSchema>;

export const problemSchema = z.object({
  /** The spreadsheet row, as Excel numbers it; null for the file as a whole. */
  row: z.int().nullable(),
  /** The column letter, null when the problem is not about one cell. */
  column: z.string().nullable(),
  field: planField.nullable(),
  /** error: nothing is written while any remains; warning: imported, but look at it; info: for the record. */
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
});

export type Problem = z.infer<typeof problemSchema>;

const parsedDate = z.object({
  text: z.string().nullable(),
  date: z.string().nullable(),
  parse: z.enum(['PARSED', 'UNPARSED', 'NONE']),
});

export const ROW_OUTCOMES = ['created', 'updated', 'unchanged', 'error', 'skipped'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const rowReportSchema = z.object({
  row: z.int(),
  outcome: z.enum(ROW_OUTCOMES),
  ref: z.string().nullable(),
  actionId: z.uuid().nullable().describe('The action created or updated (null in a dry run for a new one)'),
  title: z.string().nullable(),
  priority: z.object({ ref: z.string(), title: z.string() }).nullable(),
  leads: z.array(z.string()).describe('Organisations the lead cell was matched to'),
  unknownLeads: z.array(z.string()).describe('Parts of the lead cell that match no organisation'),
  leadContact: z
    .string()
    .nullable()
    .describe('The contact linked as the lead ("Name <email>"), from a lead officer column or the lead cell'),
  startDate: parsedDate,
  dueDate: parsedDate,
  changes: z.array(z.string()).describe('For an update: the fields the sheet changes'),
});

export type RowReport = z.infer<typeof rowReportSchema>;

export const nextStepsSchema = z
  .object({
    message: z.string(),
    chased: z.int().describe("How many of the strategy's open actions will be chased"),
    leads: z.array(
      z.object({
        contact: z.string().describe('"Name <email>"'),
        organisation: z.string().nullable(),
        asDefaultFor: z
          .array(z.string())
          .describe(
            'Organisations whose default contact they are asked as, for actions with no lead of their own',
          ),
        actions: z.array(
          z.object({
            ref: z.string(),
            actionId: z.uuid().nullable(),
            asDefault: z.boolean().describe("Asked as the lead organisation's default contact"),
          }),
        ),
      }),
    ),
    nobody: z.array(
      z.object({ ref: z.string(), title: z.string(), lead: z.string().nullable().describe('The lead cell') }),
    ),
    startedChasing: z
      .boolean()
      .nullable()
      .describe(
        'Whether their workflows were started now (over the API); false when they start at the next housekeeping run; null in a dry run',
      ),
  })
  .describe('What happens next: who will be asked, for which actions, and which have nobody');

export type NextSteps = z.infer<typeof nextStepsSchema>;

export const importReportSchema = z.object({
  columnsRead: z
    .string()
    .describe(
      'First, in words: the sheet, the header row, and what each column is read as (or that it is not)',
    ),
  strategyId: z.uuid(),
  dryRun: z.boolean(),
  applied: z
    .boolean()
    .describe('Whether anything was written: never in a dry run, never when a row has an error'),
  message: z.string(),
  file: z.object({
    kind: z.enum(['xlsx', 'csv']),
    sheet: z.string(),
    headerRow: z.int(),
    headerRows: z.int().describe('2 when a second header row names sub-columns'),
    refsDerived: z.boolean().describe('The sheet has no reference column: refs were derived from the rows'),
  }),
  columns: z.array(
    z.object({
      column: z.string(),
      header: z.string(),
      field: planField.nullable().describe('The field read from the column; null when not imported'),
      kind: columnKind.nullable().describe('What the header names, imported or not ("outcome", "rag")'),
    }),
  ),
  summary: z.object({
    rows: z.int(),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    errors: z.int(),
    skipped: z.int(),
    prioritiesCreated: z.int(),
    unknownLeads: z.int(),
  }),
  rows: z.array(rowReportSchema),
  problems: z.array(problemSchema),
  prioritiesCreated: z.array(z.object({ ref: z.string(), title: z.string() })),
  unknownLeads: z.array(z.object({ name: z.string(), rows: z.array(z.int()) })),
  next: nextStepsSchema,
});

export type ImportReport = z.infer<typeof importReportSchema>;
