import ExcelJS from 'exceljs';
import { emailAddressSchema } from '@waymark/contracts';
import { FONTS } from '@waymark/workbooks';
import {
  CONTACT_FIELDS,
  CONTACT_LABELS,
  ContactField,
  ContactProblem,
  ContactsImportReport,
} from './contacts-import.contract';
import { OrganisationDirectory, normaliseName } from './leads';
import { columnLetter, normaliseHeader } from './plan-columns';
import { PlanFile, PlanFileError } from './plan-file';
import { isSentence, shorten } from './plan-sheet';

/**
 * A partnership's contacts sheet, one row per person or role mailbox: organisation, name, email, job title,
 * manager's email, role mailbox or person, and whether they are their organisation's default contact (asked
 * for its actions that have no lead of their own). Contacts are matched by email.
 */
export interface ContactsSheet {
  kind: PlanFile['kind'];
  sheet: string;
  headerRow: number;
  columns: { column: string; header: string; field: ContactField | null }[];
  fieldColumns: Partial<Record<ContactField, string>>;
  rows: { row: number; cells: Partial<Record<ContactField, string>> }[];
  problems: ContactProblem[];
}

/** Header words, tried in order: the first rule that matches decides ("Organisation name" is the organisation). */
const CONTACT_RULES: ReadonlyArray<[ContactField, RegExp]> = [
  ['managerEmail', /\b(?:manager|managers|line manager|escalat\w*|reports to)\b/],
  ['aliases', /\b(?:also known as|aka|alias\w*|other names?|known as)\b/],
  ['isDefault', /\bdefault\b/],
  ['roleMailbox', /\b(?:mailbox|type)\b/],
  ['email', /\b(?:e ?mail|email address)\b/],
  ['jobTitle', /\b(?:job|title|role|position|post)\b/],
  ['organisation', /\b(?:organi[sz]ations?|agency|agencies|partner|service|employer|org)\b/],
  ['name', /\b(?:name|contact|person|who)\b/],
];

const HEADER_SEARCH_ROWS = 30;
const YES = /^(?:yes|y|true|x|✓|✔|default)$/i;
const NO = /^(?:no|n|false|-)?$/i;
const MAILBOX = /^(?:role(?: mailbox)?|(?:shared |team |role )?mailbox|shared|team|yes|y|true)$/i;
const PERSON = /^(?:person|individual|named person|no|n|false)?$/i;
const MAX = { name: 200, jobTitle: 200, organisation: 200 } as const;

export function recogniseContactHeader(header: string): ContactField | null {
  const normalised = normaliseHeader(header);
  if (!normalised) return null;
  return CONTACT_RULES.find(([, pattern]) => pattern.test(normalised))?.[0] ?? null;
}

/** Finds the contacts in a file: the first row near the top naming a name and an email column is the header row. */
export function readContactsSheet(file: PlanFile): ContactsSheet {
  for (const grid of file.sheets) {
    for (let rowIndex = 0; rowIndex < Math.min(HEADER_SEARCH_ROWS, grid.rows.length); rowIndex++) {
      const cells = grid.rows[rowIndex] ?? [];
      if (cells.some((c) => c && isSentence(c))) continue;
      const fields = cells.map((c) => (c ? recogniseContactHeader(c) : null));
      if (!fields.includes('name') || !fields.includes('email')) continue;
      const fieldColumns: Partial<Record<ContactField, number>> = {};
      const problems: ContactProblem[] = file.notes.map((message) =>
        problem(null, null, null, 'info', 'file-read', message),
      );
      const columns = cells.map((header, index) => {
        let field = fields[index];
        if (field && fieldColumns[field] !== undefined) {
          problems.push(
            problem(
              rowIndex + 1,
              index,
              null,
              'warning',
              'duplicate-column',
              `Column ${columnLetter(index + 1)} ("${header}") was not read: column ${columnLetter(fieldColumns[field]! + 1)} already gives it.`,
            ),
          );
          field = null;
        } else if (field) {
          fieldColumns[field] = index;
        } else if (header) {
          problems.push(
            problem(
              rowIndex + 1,
              index,
              null,
              'info',
              'column-not-imported',
              `Column ${columnLetter(index + 1)} ("${header}") is not part of the contacts sheet Waymark imports.`,
            ),
          );
        }
        return { column: columnLetter(index + 1), header, field };
      });
      const rows = grid.rows
        .slice(rowIndex + 1)
        .map((r, i) => ({
          row: rowIndex + 2 + i,
          cells: Object.fromEntries(
            Object.entries(fieldColumns).map(([field, index]) => [field, (r[index!] ?? '').trim()]),
          ) as Partial<Record<ContactField, string>>,
        }))
        .filter((r) => Object.values(r.cells).some(Boolean));
      return {
        kind: file.kind,
        sheet: grid.name,
        headerRow: rowIndex + 1,
        columns: columns.filter((c) => c.header),
        fieldColumns: Object.fromEntries(
          Object.entries(fieldColumns).map(([field, index]) => [field, columnLetter(index! + 1)]),
        ),
        rows,
        problems,
      };
    }
  }
  throw new PlanFileError(
    'no-headers',
    `Could not recognise the header row of the contacts sheet: no row in the first ${HEADER_SEARCH_ROWS} rows names both a name and an email column. Head the columns ${CONTACT_FIELDS.map((f) => `"${CONTACT_LABELS[f]}"`).join(', ')} (an export has them).`,
  );
}

/** The columns in words, as the dry run shows them first. */
export function describeContactColumns(sheet: ContactsSheet): string {
  const words: Record<ContactField, string> = {
    organisation: 'the organisation',
    aliases: "the organisation's other names",
    name: 'the name',
    email: 'the email (contacts are matched by it)',
    jobTitle: 'the job title',
    managerEmail: "the manager's email (escalations go to them)",
    roleMailbox: 'role mailbox or person',
    isDefault: "whether they are the organisation's default contact",
  };
  const columns = sheet.columns.map(
    (c) => `${c.column} "${shorten(c.header, 40)}" as ${c.field ? words[c.field] : 'not imported'}`,
  );
  return `Sheet "${sheet.sheet}", headers on row ${sheet.headerRow}: ${columns.join('; ')}.`;
}

// ---------------------------------------------------------------------------------------------------
// What the sheet changes
// ---------------------------------------------------------------------------------------------------

export interface ExistingContact {
  id: string;
  email: string;
  name: string;
  jobTitle: string | null;
  organisationId: string | null;
  isRoleMailbox: boolean;
  managerId: string | null;
  archivedAt: Date | null;
}

export interface ExistingOrganisation {
  id: string;
  name: string;
  aliases: string[];
  defaultContactId: string | null;
}

export interface ContactsState {
  organisations: ExistingOrganisation[];
  contacts: ExistingContact[];
}

/** An organisation as it stands or as this import creates it (by its index in ContactChanges.organisations). */
export interface PlannedOrganisation {
  existingId: string | null;
  name: string;
  /** Its aliases after the import: the sheet's added to those it has, none removed. */
  aliases: string[];
  aliasesAdded: string[];
  /** The email of the default contact the sheet names, or null when it names none. */
  defaultEmail: string | null;
  outcome: 'created' | 'updated' | 'unchanged';
}

export interface PlannedContact {
  row: number;
  email: string;
  existingId: string | null;
  kind: 'create' | 'update' | 'unchanged';
  /** The columns the sheet sets; a column the sheet lacks is absent and left as it is. */
  data: {
    name: string;
    jobTitle?: string | null;
    isRoleMailbox?: boolean;
    /** Index into ContactChanges.organisations, or null for no organisation. */
    organisation?: number | null;
    managerEmail?: string | null;
  };
  changes: string[];
}

export interface ContactChanges {
  organisations: PlannedOrganisation[];
  /** In the order they can be written: a new contact's new manager before them. */
  contacts: PlannedContact[];
  rows: Omit<ContactsImportReport['rows'][number], 'contactId'>[];
  problems: ContactProblem[];
}

/** Compares a contacts sheet with the partnership's organisations and contacts: what each row creates or changes. */
export function contactChanges(sheet: ContactsSheet, state: ContactsState): ContactChanges {
  const has = (field: ContactField) => field in sheet.fieldColumns;
  const problems: ContactProblem[] = [...sheet.problems];
  const directory = new OrganisationDirectory(state.organisations);
  const organisations: PlannedOrganisation[] = [];
  const organisationIndex = new Map<string, number>();
  const byEmail = new Map(state.contacts.map((c) => [c.email.toLowerCase(), c]));
  const organisationOf = (name: string, aliases: string[]): number => {
    const found = directory.find(name);
    const key = found ? `id:${found.id}` : `new:${normaliseName(name)}`;
    let index = organisationIndex.get(key);
    if (index === undefined) {
      const existing = found ? state.organisations.find((o) => o.id === found.id)! : null;
      index = organisations.length;
      organisations.push({
        existingId: existing?.id ?? null,
        name: existing?.name ?? name,
        aliases: existing ? [...existing.aliases] : [],
        aliasesAdded: [],
        defaultEmail: null,
        outcome: existing ? 'unchanged' : 'created',
      });
      organisationIndex.set(key, index);
    }
    const organisation = organisations[index];
    for (const alias of aliases) {
      const known = [organisation.name, ...organisation.aliases].some(
        (n) => normaliseName(n) === normaliseName(alias),
      );
      if (!known) {
        organisation.aliases.push(alias);
        organisation.aliasesAdded.push(alias);
      }
    }
    return index;
  };

  const planned: PlannedContact[] = [];
  const rows: ContactChanges['rows'] = [];
  const emailRows = new Map<string, number>();
  for (const { row, cells } of sheet.rows) {
    const rowProblems: ContactProblem[] = [];
    const flag = (
      field: ContactField | null,
      severity: ContactProblem['severity'],
      code: string,
      message: string,
    ) =>
      rowProblems.push({
        ...problem(row, null, field, severity, code, message),
        column: field ? (sheet.fieldColumns[field] ?? null) : null,
      });
    const organisationName = cells.organisation ?? '';
    const aliases = (cells.aliases ?? '')
      .split(/\s*(?:[;\n]|,\s)\s*/)
      .map((a) => a.trim())
      .filter(Boolean);
    if (organisationName.length > MAX.organisation)
      flag(
        'organisation',
        'error',
        'too-long',
        `The organisation's name is longer than ${MAX.organisation} characters.`,
      );
    const organisation =
      organisationName && organisationName.length <= MAX.organisation
        ? organisationOf(organisationName, aliases)
        : null;
    const rawEmail = cells.email ?? '';
    const name = cells.name ?? '';
    if (!rawEmail && !name) {
      // A row naming only an organisation adds it (or its other names), with no contact.
      rows.push({
        row,
        outcome: 'skipped',
        email: null,
        name: null,
        organisation: organisationName || null,
        changes: [],
      });
      problems.push(
        problem(
          row,
          null,
          null,
          'info',
          'organisation-only',
          `Row ${row} names an organisation but no contact: the organisation is kept, with its other names.`,
        ),
      );
      continue;
    }
    const parsedEmail = emailAddressSchema.safeParse(rawEmail);
    const email = parsedEmail.success ? parsedEmail.data : rawEmail.toLowerCase();
    if (!rawEmail)
      flag(
        'email',
        'error',
        'no-email',
        `Row ${row} has no email: contacts are asked, and matched, by email.`,
      );
    else if (!parsedEmail.success)
      flag('email', 'error', 'bad-email', `"${shorten(rawEmail)}" is not an email address.`);
    if (!name) flag('name', 'error', 'no-name', `Row ${row} has no name.`);
    else if (name.length > MAX.name)
      flag('name', 'error', 'too-long', `The name is longer than ${MAX.name} characters.`);
    const jobTitle = cells.jobTitle ?? '';
    if (jobTitle.length > MAX.jobTitle)
      flag('jobTitle', 'error', 'too-long', `The job title is longer than ${MAX.jobTitle} characters.`);
    const firstRow = emailRows.get(email);
    if (rawEmail && firstRow !== undefined)
      flag('email', 'error', 'duplicate-email', `${email} is already on row ${firstRow}.`);
    else if (rawEmail) emailRows.set(email, row);

    let isRoleMailbox: boolean | undefined;
    if (has('roleMailbox')) {
      const value = cells.roleMailbox ?? '';
      isRoleMailbox = MAILBOX.test(value);
      if (!isRoleMailbox && !PERSON.test(value))
        flag(
          'roleMailbox',
          'warning',
          'mailbox-not-read',
          `"${shorten(value)}" is neither "Role mailbox" nor "Person": read as a person.`,
        );
    }
    const managerRaw = cells.managerEmail ?? '';
    const manager = managerRaw ? emailAddressSchema.safeParse(managerRaw) : null;
    if (manager && !manager.success)
      flag(
        'managerEmail',
        'error',
        'bad-email',
        `The manager's email "${shorten(managerRaw)}" is not an email address.`,
      );
    const managerEmail = manager?.success ? manager.data : null;
    if (managerEmail && managerEmail === email)
      flag('managerEmail', 'error', 'self-manager', 'A contact cannot be their own manager.');
    const isDefault = has('isDefault') ? YES.test(cells.isDefault ?? '') : false;
    if (has('isDefault') && !isDefault && !NO.test(cells.isDefault ?? ''))
      flag(
        'isDefault',
        'warning',
        'default-not-read',
        `"${shorten(cells.isDefault!)}" is not "Yes" or "No": read as no.`,
      );
    if (isDefault) {
      if (organisation === null) {
        flag(
          'isDefault',
          'error',
          'default-without-organisation',
          'A default contact is the default for their organisation: give the organisation.',
        );
      } else if (
        organisations[organisation].defaultEmail &&
        organisations[organisation].defaultEmail !== email
      ) {
        flag(
          'isDefault',
          'error',
          'two-defaults',
          `${organisations[organisation].name} already has ${organisations[organisation].defaultEmail} as its default contact (an organisation has one).`,
        );
      } else {
        organisations[organisation].defaultEmail = email;
      }
    }

    const existing = byEmail.get(email);
    const data: PlannedContact['data'] = { name };
    if (has('jobTitle')) data.jobTitle = jobTitle || null;
    if (isRoleMailbox !== undefined) data.isRoleMailbox = isRoleMailbox;
    if (has('organisation')) data.organisation = organisation;
    if (has('managerEmail')) data.managerEmail = managerEmail;
    const changes = existing ? changedContactFields(existing, data, organisations, state) : [];
    const hasError = rowProblems.some((p) => p.severity === 'error');
    const kind = existing ? (changes.length > 0 ? 'update' : 'unchanged') : 'create';
    if (!hasError) planned.push({ row, email, existingId: existing?.id ?? null, kind, data, changes });
    problems.push(...rowProblems);
    rows.push({
      row,
      outcome: hasError
        ? 'error'
        : ({ create: 'created', update: 'updated', unchanged: 'unchanged' } as const)[kind],
      email: rawEmail ? email : null,
      name: name || null,
      organisation: organisation === null ? null : organisations[organisation].name,
      changes,
    });
  }

  // Managers: in the sheet, or already a contact.
  const inSheet = new Map(planned.map((p) => [p.email, p]));
  for (const contact of planned) {
    const managerEmail = contact.data.managerEmail;
    if (!managerEmail || inSheet.has(managerEmail)) continue;
    const known = byEmail.get(managerEmail);
    if (!known || known.archivedAt) {
      const report = rows.find((r) => r.row === contact.row)!;
      report.outcome = 'error';
      problems.push({
        ...problem(
          contact.row,
          null,
          'managerEmail',
          'error',
          'unknown-manager',
          `No contact has the email ${managerEmail}: add a row for the manager, or leave the cell empty.`,
        ),
        column: sheet.fieldColumns.managerEmail ?? null,
      });
    }
  }
  const failed = new Set(rows.filter((r) => r.outcome === 'error').map((r) => r.row));
  const contacts = writeOrder(
    planned.filter((p) => !failed.has(p.row)),
    inSheet,
    (looped) => {
      for (const contact of looped) {
        rows.find((r) => r.row === contact.row)!.outcome = 'error';
        problems.push({
          ...problem(
            contact.row,
            null,
            'managerEmail',
            'error',
            'manager-loop',
            `${contact.email}'s managers lead back to them: one of them must report to someone outside the loop.`,
          ),
          column: sheet.fieldColumns.managerEmail ?? null,
        });
      }
    },
  );

  for (const organisation of organisations) {
    if (organisation.outcome === 'created') continue;
    const existing = state.organisations.find((o) => o.id === organisation.existingId)!;
    const defaultId = organisation.defaultEmail
      ? (byEmail.get(organisation.defaultEmail)?.id ?? 'new')
      : existing.defaultContactId;
    if (organisation.aliasesAdded.length > 0 || defaultId !== existing.defaultContactId)
      organisation.outcome = 'updated';
  }
  rows.sort((a, b) => a.row - b.row);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { organisations, contacts, rows, problems };
}

function changedContactFields(
  existing: ExistingContact,
  data: PlannedContact['data'],
  organisations: PlannedOrganisation[],
  state: ContactsState,
): string[] {
  const changes: string[] = [];
  if (data.name !== existing.name) changes.push('name');
  if (data.jobTitle !== undefined && data.jobTitle !== existing.jobTitle) changes.push('jobTitle');
  if (data.isRoleMailbox !== undefined && data.isRoleMailbox !== existing.isRoleMailbox)
    changes.push('isRoleMailbox');
  if (data.organisation !== undefined) {
    const id = data.organisation === null ? null : organisations[data.organisation].existingId;
    if (id !== existing.organisationId) changes.push('organisation');
  }
  if (data.managerEmail !== undefined) {
    const manager = data.managerEmail ? state.contacts.find((c) => c.email === data.managerEmail) : null;
    if ((manager?.id ?? (data.managerEmail ? 'new' : null)) !== existing.managerId) changes.push('manager');
  }
  if (existing.archivedAt) changes.push('restored');
  return changes;
}

/** New contacts after their new managers; those whose managers lead back to them are reported and left out. */
function writeOrder(
  planned: PlannedContact[],
  inSheet: Map<string, PlannedContact>,
  onLoop: (looped: PlannedContact[]) => void,
): PlannedContact[] {
  const ordered: PlannedContact[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'looped'>();
  const looped: PlannedContact[] = [];
  const visit = (contact: PlannedContact): boolean => {
    const seen = state.get(contact.email);
    if (seen === 'done') return true;
    if (seen) return false;
    state.set(contact.email, 'visiting');
    const manager = contact.data.managerEmail ? inSheet.get(contact.data.managerEmail) : undefined;
    // Only a new manager must be written first; an existing one is there already.
    if (manager && manager.kind === 'create' && manager.email !== contact.email && !visit(manager)) {
      state.set(contact.email, 'looped');
      looped.push(contact);
      return false;
    }
    state.set(contact.email, 'done');
    ordered.push(contact);
    return true;
  };
  for (const contact of planned) visit(contact);
  if (looped.length > 0) onLoop(looped);
  return ordered;
}

function problem(
  row: number | null,
  column: number | null,
  field: ContactField | null,
  severity: ContactProblem['severity'],
  code: string,
  message: string,
): ContactProblem {
  return { row, column: column === null ? null : columnLetter(column + 1), field, severity, code, message };
}

// ---------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------

export type ContactExportRow = Record<ContactField, string>;

const HEADER_FONT: Partial<ExcelJS.Font> = Object.freeze({ ...FONTS.body, bold: true });
const WIDTHS: Record<ContactField, number> = {
  organisation: 36,
  aliases: 28,
  name: 28,
  email: 36,
  jobTitle: 32,
  managerEmail: 36,
  roleMailbox: 14,
  isDefault: 10,
};

/** The contacts as a sheet in the layout the import reads: importing it again changes nothing. */
export async function buildContactsWorkbook(rows: ContactExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  const ws = workbook.addWorksheet('Contacts', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = CONTACT_FIELDS.map((field) => ({ key: field, width: WIDTHS[field] }));
  const header = ws.getRow(1);
  CONTACT_FIELDS.forEach((field, i) => {
    const cell = header.getCell(i + 1);
    cell.value = CONTACT_LABELS[field];
    cell.font = HEADER_FONT;
  });
  rows.forEach((row, i) => {
    const sheetRow = ws.getRow(i + 2);
    CONTACT_FIELDS.forEach((field, column) => {
      const cell = sheetRow.getCell(column + 1);
      cell.value = row[field] || null;
      cell.font = FONTS.body;
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
