import { z } from 'zod';

/** The columns of a partnership's contacts sheet. */
export const CONTACT_FIELDS = [
  'organisation',
  'aliases',
  'name',
  'email',
  'jobTitle',
  'managerEmail',
  'roleMailbox',
  'isDefault',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];

/** How each column is headed in the exported sheet (and read back). */
export const CONTACT_LABELS: Record<ContactField, string> = {
  organisation: 'Organisation',
  aliases: 'Organisation also known as',
  name: 'Name',
  email: 'Email',
  jobTitle: 'Job title',
  managerEmail: "Manager's email",
  roleMailbox: 'Role mailbox or person',
  isDefault: 'Default contact',
};

export const contactProblemSchema = z.object({
  row: z.int().nullable(),
  column: z.string().nullable(),
  field: z.enum(CONTACT_FIELDS).nullable(),
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
});

export type ContactProblem = z.infer<typeof contactProblemSchema>;

const outcome = z.enum(['created', 'updated', 'unchanged', 'error', 'skipped']);

export const contactsImportReportSchema = z.object({
  columnsRead: z
    .string()
    .describe('First, in words: the sheet, the header row, and what each column is read as'),
  partnershipId: z.uuid(),
  dryRun: z.boolean(),
  applied: z
    .boolean()
    .describe('Whether anything was written: never in a dry run, never when a row has an error'),
  message: z.string(),
  file: z.object({ kind: z.enum(['xlsx', 'csv']), sheet: z.string(), headerRow: z.int() }),
  summary: z.object({
    rows: z.int(),
    created: z.int(),
    updated: z.int(),
    unchanged: z.int(),
    errors: z.int(),
    skipped: z.int(),
    organisationsCreated: z.int(),
    organisationsUpdated: z.int(),
  }),
  rows: z.array(
    z.object({
      row: z.int(),
      outcome,
      email: z.string().nullable(),
      name: z.string().nullable(),
      organisation: z.string().nullable(),
      contactId: z
        .uuid()
        .nullable()
        .describe('The contact matched or created (null in a dry run for a new one)'),
      changes: z.array(z.string()).describe('For an update: the fields the sheet changes'),
    }),
  ),
  organisations: z.array(
    z.object({
      name: z.string(),
      outcome: z.enum(['created', 'updated', 'unchanged']),
      aliasesAdded: z.array(z.string()),
      defaultContact: z
        .string()
        .nullable()
        .describe('The email of the default contact the sheet names, if it names one'),
    }),
  ),
  problems: z.array(contactProblemSchema),
});

export type ContactsImportReport = z.infer<typeof contactsImportReportSchema>;
