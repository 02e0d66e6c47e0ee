import { DueDateParse, ParsedDueDate, parsePlanDates, parseStartDate } from '@waymark/calendar';
import {
  ContactDirectory,
  ContactName,
  OrganisationDirectory,
  OrganisationName,
  emailsIn,
  isNoLead,
  matchLeads,
  withoutEmails,
} from './leads';
import { FIELD_LABELS, PlanField } from './plan-columns';
import type { Problem, RowReport } from './plan-import.contract';
import { PlanRow, PlanSheet, cellProblem, fileProblem, shorten } from './plan-sheet';
import { PriorityName, findPriority, parsePriorityCell } from './priorities';

/** An action of the strategy as it stands, in the terms the sheet speaks. Dates are YYYY-MM-DD. */
export interface ExistingAction {
  id: string;
  ref: string;
  title: string;
  text: string;
  priorityId: string | null;
  leadText: string | null;
  supportingText: string | null;
  dueDate: string | null;
  dueDateText: string | null;
  dueDateParse: DueDateParse;
  startDate: string | null;
  startDateText: string | null;
  measureText: string | null;
  leadOrganisationIds: string[];
  leadContactId: string | null;
  /** Archived, closed, complete or cancelled: nobody is asked about it. */
  closed: boolean;
}

/** What the plan is compared with: the strategy's priorities and actions, the partnership's organisations and contacts. */
export interface PlanState {
  organisations: OrganisationName[];
  contacts: ContactName[];
  priorities: PriorityName[];
  actions: ExistingAction[];
}

/** An existing priority, or one this import creates (by its index in PlanChanges.newPriorities). */
export type PriorityTarget = { id: string } | { newIndex: number } | null;

/** The action columns a row sets. A field the sheet has no column for is absent: an update leaves it. */
export interface ActionData {
  title?: string;
  text: string;
  leadText?: string | null;
  supportingText?: string | null;
  dueDate?: string | null;
  dueDateText?: string | null;
  dueDateParse?: DueDateParse;
  startDate?: string | null;
  startDateText?: string | null;
  measureText?: string | null;
}

export interface PlannedAction {
  row: number;
  ref: string;
  kind: 'create' | 'update' | 'unchanged';
  existingId: string | null;
  data: ActionData;
  /** undefined: the sheet says nothing about the priority. */
  priority?: PriorityTarget;
  /** undefined: the sheet has no lead column. */
  leadOrganisationIds?: string[];
  /** The contact the sheet names as the lead; undefined when it names none (the action keeps its own). */
  leadContactId?: string;
  changes: string[];
}

export interface PlanChanges {
  newPriorities: { ref: string; title: string; row: number }[];
  actions: PlannedAction[];
  rows: RowReport[];
  problems: Problem[];
  refsDerived: boolean;
  unknownLeads: { name: string; rows: number[] }[];
}

/** The limits the admin API puts on an action (libs/contracts createActionSchema). */
const MAX = { ref: 40, title: 200, text: 5000, measure: 2000, other: 2000 } as const;
const DERIVED_TITLE_LENGTH = 120;

/** Compares a plan sheet with the strategy as it stands: what each row creates or changes, and every problem. */
export function planChanges(sheet: PlanSheet, state: PlanState): PlanChanges {
  const directory = new OrganisationDirectory(state.organisations);
  const contacts = new ContactDirectory(state.contacts);
  const existingByRef = new Map(state.actions.map((a) => [a.ref, a]));
  const organisationNames = new Map(state.organisations.map((o) => [o.id, o.name]));
  const priorities = new PriorityResolver(state.priorities);
  const problems: Problem[] = [...sheet.problems];
  const rows: RowReport[] = sheet.skipped.map(({ row }) => emptyRow(row, 'skipped'));
  problems.push(...sheet.skipped.map((s) => s.problem));
  const actions: PlannedAction[] = [];
  const unknownLeads = new Map<string, number[]>();
  const refRows = new Map<string, number>();
  const has = (field: PlanField) => field in sheet.fieldColumns;
  const ordinals = new Map<string, number>();

  for (const planRow of sheet.rows) {
    const rowProblems: Problem[] = [];
    const problem = (field: PlanField | null, severity: Problem['severity'], code: string, message: string) =>
      rowProblems.push({
        ...cellProblem(planRow.row, null, field, severity, code, message),
        column: field ? (sheet.fieldColumns[field] ?? null) : null,
      });
    const { cells } = planRow;

    const priority = planRow.priority ? priorities.resolve(planRow.priority, planRow.row) : null;
    const priorityRef = priority ? priorities.describe(priority).ref : null;
    const ordinalKey = priorityRef ?? '';
    const ordinal = (ordinals.get(ordinalKey) ?? 0) + 1;
    ordinals.set(ordinalKey, ordinal);

    let ref = cells.ref ?? '';
    if (!ref) {
      ref = priorityRef ? `${priorityRef}.${ordinal}` : String(ordinal);
      if (has('ref'))
        problem(
          'ref',
          'warning',
          'ref-derived',
          `No reference: given "${ref}" from its priority and position.`,
        );
    }
    if (ref.length > MAX.ref)
      problem('ref', 'error', 'ref-too-long', `The reference is longer than ${MAX.ref} characters.`);
    const firstRow = refRows.get(ref);
    if (firstRow !== undefined) {
      problem('ref', 'error', 'duplicate-ref', `Reference "${ref}" is already used on row ${firstRow}.`);
    } else {
      refRows.set(ref, planRow.row);
    }

    const text = cells.text ?? '';
    if (!text)
      problem('text', 'error', 'no-action-text', `Row ${planRow.row} has a reference but no action text.`);
    checkLength(cells, 'text', MAX.text, problem);
    checkLength(cells, 'title', MAX.title, problem);
    checkLength(cells, 'measure', MAX.measure, problem);
    checkLength(cells, 'lead', MAX.other, problem);
    checkLength(cells, 'supporting', MAX.other, problem);

    const data: ActionData = { text };
    if (cells.title) data.title = cells.title;
    if (has('supporting')) data.supportingText = cells.supporting || null;
    if (has('measure')) data.measureText = cells.measure || null;

    const dates = readDates(cells, has('startDate'), has('dueDate'));
    if (has('dueDate')) {
      Object.assign(data, {
        dueDate: dates.due.date,
        dueDateText: dates.due.text,
        dueDateParse: dates.due.parse,
      });
      if (dates.due.parse === 'UNPARSED') {
        problem(
          'dueDate',
          'warning',
          'date-not-read',
          `"${shorten(dates.due.text!)}" is not a date Waymark can read: kept as text, with no due date.`,
        );
      }
    }
    if (has('dueDate') || has('startDate')) {
      Object.assign(data, { startDate: dates.start.date, startDateText: dates.start.text });
      if (dates.start.parse === 'UNPARSED') {
        problem(
          has('startDate') ? 'startDate' : 'dueDate',
          'warning',
          'start-not-read',
          `Start "${shorten(dates.start.text!)}" is not a date Waymark can read: kept as text.`,
        );
      }
      if (dates.start.date && dates.due.date && dates.start.date > dates.due.date) {
        problem(
          'dueDate',
          'warning',
          'due-before-start',
          `The due date ${dates.due.date} is before the start ${dates.start.date}.`,
        );
      }
    }

    let leadIds: string[] | undefined;
    let leadNames: string[] = [];
    let unknown: string[] = [];
    const people = readPeople(cells, has('leadOfficer'), contacts, directory);
    if (has('lead')) {
      const lead = cells.lead ?? '';
      const match = matchLeads(people.leadOrganisationsText, directory);
      data.leadText = lead || null;
      leadIds = match.organisations.map((o) => o.id);
      leadNames = match.organisations.map((o) => o.name);
      unknown = match.unknown.filter((u) => !people.names.has(u));
    }
    const leadContact = people.contact;
    if (leadContact?.organisationId && !leadIds?.includes(leadContact.organisationId)) {
      // A named lead's organisation leads the action too.
      leadIds = [...(leadIds ?? []), leadContact.organisationId];
      leadNames = [
        ...leadNames,
        organisationNames.get(leadContact.organisationId) ?? leadContact.organisationId,
      ];
    }
    if (has('lead')) {
      const lead = cells.lead ?? '';
      for (const name of unknown) unknownLeads.set(name, [...(unknownLeads.get(name) ?? []), planRow.row]);
      if (unknown.length > 0) {
        problem(
          'lead',
          'warning',
          'unknown-lead',
          `No organisation is called ${unknown.map((u) => `"${u}"`).join(', ')}: kept as the lead text. Add the organisation (or the name as an alias) and import again to link it.`,
        );
      } else if ((!lead || isNoLead(lead)) && !leadContact) {
        problem('lead', 'warning', 'no-lead', 'No lead: nobody is responsible for this action yet.');
      }
    }
    for (const { field, text } of people.unknown) {
      problem(
        field,
        'warning',
        'unknown-contact',
        `No contact ${text.includes('@') ? 'has the email' : 'is called'} ${text.includes('@') ? text : `"${text}"`}: add them to the contacts sheet and import again to link them as the lead.`,
      );
    }

    const existing = existingByRef.get(ref);
    if (!existing && !data.title) data.title = deriveTitle(text);
    const priorityTarget = planRow.priority !== null || has('priority') ? priority : undefined;
    const changes = existing ? changedFields(existing, data, priorityTarget, leadIds, leadContact?.id) : [];
    const hasError = rowProblems.some((p) => p.severity === 'error');
    const kind = existing ? (changes.length > 0 ? 'update' : 'unchanged') : 'create';
    if (!hasError) {
      actions.push({
        row: planRow.row,
        ref,
        kind,
        existingId: existing?.id ?? null,
        data,
        priority: priorityTarget,
        leadOrganisationIds: leadIds,
        leadContactId: leadContact?.id,
        changes,
      });
    }
    problems.push(...rowProblems);
    rows.push({
      row: planRow.row,
      outcome: hasError
        ? 'error'
        : ({ create: 'created', update: 'updated', unchanged: 'unchanged' } as const)[kind],
      ref,
      actionId: existing?.id ?? null,
      title: data.title ?? existing?.title ?? null,
      priority: priority ? priorities.describe(priority) : null,
      leads: leadIds
        ? leadNames
        : (existing?.leadOrganisationIds.map((id) => organisationNames.get(id) ?? id) ?? []),
      unknownLeads: unknown,
      leadContact: leadContact ? `${leadContact.name} <${leadContact.email}>` : null,
      startDate: dates.start,
      dueDate: dates.due,
      changes,
    });
  }

  const untouched = state.actions.filter((a) => !refRows.has(a.ref)).length;
  if (untouched > 0) {
    problems.push(
      fileProblem(
        'info',
        'actions-not-in-sheet',
        `${untouched} action(s) of this strategy are not in the sheet; they are left as they are.`,
      ),
    );
  }
  for (const created of priorities.created) {
    problems.push({
      ...cellProblem(
        created.row,
        null,
        'priority',
        'info',
        'priority-created',
        `New priority "${created.ref} ${created.title}".`,
      ),
      column: sheet.fieldColumns.priority ?? null,
    });
  }
  rows.sort((a, b) => a.row - b.row);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return {
    newPriorities: priorities.created,
    actions,
    rows,
    problems,
    refsDerived: !has('ref'),
    unknownLeads: [...unknownLeads].map(([name, rowsWithIt]) => ({ name, rows: rowsWithIt })),
  };
}

/**
 * The people a row names as its lead: in a lead officer column (an email or a contact's name), or in the lead
 * cell itself ("Police - DI Rowan Ashby", "Sandwell Council (rafiq@…)", "Rowan Ashby"). The first found is
 * the lead contact. Also: the lead cell without the people, for the organisations it names.
 */
function readPeople(
  cells: PlanRow['cells'],
  hasOfficer: boolean,
  contacts: ContactDirectory,
  directory: OrganisationDirectory,
): {
  contact: ContactName | undefined;
  leadOrganisationsText: string;
  names: Set<string>;
  unknown: { field: PlanField; text: string }[];
} {
  const found: ContactName[] = [];
  const unknown: { field: PlanField; text: string }[] = [];
  const names = new Set<string>();
  const byEmail = (field: PlanField, text: string) => {
    for (const email of emailsIn(text)) {
      const contact = contacts.email(email);
      if (contact) found.push(contact);
      else unknown.push({ field, text: email });
    }
  };
  const lead = cells.lead ?? '';
  const leadOrganisations = matchLeads(withoutEmails(lead), directory).organisations.map((o) => o.id);
  const officer = hasOfficer ? (cells.leadOfficer ?? '') : '';
  if (officer && !isNoLead(officer)) {
    byEmail('leadOfficer', officer);
    if (emailsIn(officer).length === 0) {
      const contact = contacts.named(officer, leadOrganisations);
      if (contact) found.push(contact);
      else unknown.push({ field: 'leadOfficer', text: officer });
    }
  }
  byEmail('lead', lead);
  let rest = withoutEmails(lead);
  // "(Rowan Ashby)" after an organisation; a part of the cell that is a person's name, not an organisation's.
  for (const [whole, inner] of rest.matchAll(/\(([^()]+)\)/g)) {
    const contact = contacts.named(inner, leadOrganisations);
    if (contact) {
      found.push(contact);
      rest = rest.replace(whole, ' ');
    }
  }
  for (const part of matchLeads(rest, directory).unknown) {
    const pieces = part.split(/\s+[-–—]\s+/);
    const people = pieces.map((p) => contacts.named(p, leadOrganisations));
    if (people.some(Boolean)) {
      found.push(...people.filter((p): p is ContactName => !!p));
      names.add(part);
      rest = rest.replace(part, pieces.filter((_, i) => !people[i]).join(' / '));
    }
  }
  return { contact: found[0], leadOrganisationsText: rest.replace(/\s+/g, ' ').trim(), names, unknown };
}

function emptyRow(row: number, outcome: RowReport['outcome']): RowReport {
  const none = { text: null, date: null, parse: 'NONE' as const };
  return {
    row,
    outcome,
    ref: null,
    actionId: null,
    title: null,
    priority: null,
    leads: [],
    unknownLeads: [],
    leadContact: null,
    startDate: none,
    dueDate: none,
    changes: [],
  };
}

function checkLength(
  cells: PlanRow['cells'],
  field: PlanField,
  max: number,
  problem: (field: PlanField, severity: Problem['severity'], code: string, message: string) => void,
): void {
  const value = cells[field];
  if (value && value.length > max) {
    problem(
      field,
      'error',
      'too-long',
      `The ${FIELD_LABELS[field].toLowerCase()} is ${value.length} characters long; at most ${max} are allowed.`,
    );
  }
}

/** The due cell may hold the start too ("(Start) April 2022 (Completion March 2023)"); a start column wins. */
function readDates(
  cells: PlanRow['cells'],
  hasStart: boolean,
  hasDue: boolean,
): { start: ParsedDueDate; due: ParsedDueDate } {
  const fromDue = parsePlanDates(hasDue ? cells.dueDate : null);
  const start = hasStart && cells.startDate ? parseStartDate(cells.startDate) : fromDue.start;
  return { start, due: fromDue.due };
}

/** A title for an action the plan gives only as text: its first sentence, cut at a word. */
export function deriveTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // A sentence ends at a full stop and a capital, so neither "(e.g. a visiting" nor "e.g. Clare's Law" ends one.
  const sentence = flat
    .split(/(?<=[.!?;:])(?<!\b(?:e\.g|i\.e|etc|incl|approx|no)\.)\s+(?=[A-Z])/)[0]
    .replace(/[.;:]$/, '');
  if (sentence.length <= DERIVED_TITLE_LENGTH) return sentence;
  const cut = sentence.slice(0, DERIVED_TITLE_LENGTH - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

function changedFields(
  existing: ExistingAction,
  data: ActionData,
  priority: PriorityTarget | undefined,
  leadIds: string[] | undefined,
  leadContactId: string | undefined,
): string[] {
  const changes: string[] = (Object.keys(data) as (keyof ActionData)[]).filter(
    (key) => data[key] !== existing[key],
  );
  if (priority !== undefined) {
    const same =
      priority === null
        ? existing.priorityId === null
        : 'id' in priority && priority.id === existing.priorityId;
    if (!same) changes.push('priority');
  }
  if (
    leadIds !== undefined &&
    [...leadIds].sort().join() !== [...existing.leadOrganisationIds].sort().join()
  ) {
    changes.push('leadOrganisations');
  }
  if (leadContactId !== undefined && leadContactId !== existing.leadContactId) changes.push('leadContact');
  return changes;
}

/** Finds each priority cell's priority, creating (on paper) those the strategy does not have yet. */
class PriorityResolver {
  readonly created: { ref: string; title: string; row: number }[] = [];
  private readonly cache = new Map<string, PriorityTarget>();

  constructor(private readonly existing: PriorityName[]) {}

  resolve(cell: string, row: number): PriorityTarget {
    const key = cell.trim().toLowerCase();
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const parsed = parsePriorityCell(cell);
    const found = findPriority(parsed, this.existing);
    let target: PriorityTarget;
    if (found) {
      target = { id: found.id };
    } else {
      const known = findPriority(
        parsed,
        this.created.map((p, i) => ({ ...p, id: String(i) })),
      );
      if (known) {
        target = { newIndex: Number(known.id) };
      } else {
        const ref = parsed.ref ?? this.nextRef();
        this.created.push({ ref, title: parsed.title ?? `Priority ${ref}`, row });
        target = { newIndex: this.created.length - 1 };
      }
    }
    this.cache.set(key, target);
    return target;
  }

  describe(target: NonNullable<PriorityTarget>): { ref: string; title: string } {
    const p = 'id' in target ? this.existing.find((e) => e.id === target.id)! : this.created[target.newIndex];
    return { ref: p.ref, title: p.title };
  }

  /** One more than the highest numbered priority ("3" after "1", "P2" and "3"). */
  private nextRef(): string {
    const numbers = [...this.existing, ...this.created]
      .map((p) => Number(p.ref.replace(/^[A-Za-z]/, '')))
      .filter(Number.isInteger);
    return String(Math.max(0, ...numbers) + 1);
  }
}
