// The annual return workbook: the Part 4 return to the department (s.59), laid out like the form, from a
// return template, its answers, the rule results and each figure's provenance. A pure function: it reads
// nothing but its input. Sheets: 00_Cover, one sheet per section of the template (named by the template),
// 10_Validation, 11_DataQualityNotes, 12_Provenance, 13_CodeLists.
import ExcelJS, { type Borders, type Cell, type Fill, type Worksheet } from 'exceljs';
import { londonIsoDate, londonWallClock } from '@waymark/calendar';
import {
  type CellAnswer,
  type CodeList,
  type QuestionType,
  type ReturnAnswers,
  type ReturnQuestion,
  type ReturnSection,
  type ReturnTemplate,
  type RuleResult,
  type RuleValue,
  cellKey,
  isNotCollected,
  questionCells,
  sheetNameProblem,
} from '@waymark/return-template';
import {
  ALIGNMENTS,
  FONTS,
  NUMBER_FORMATS,
  RAG_STYLES,
  type ColumnKind,
  type ColumnSpec,
  type ReportRag,
  addFilters,
  layOutSheet,
  layOutTable,
  pageFooter,
  setUpPrinting,
  setUpTableSheet,
  styleHeaderRow,
} from '@waymark/workbooks';
import { cellText as text } from './cell-text';

/** Where a figure came from, as the template's questions say it will. */
export type ReturnAnswerSource = 'kpi' | 'providers' | 'waymark' | 'coordinator';

/** Who gave one cell's answer, when, and from where; from providers, each provider's figure. */
export interface ReturnCellProvenance {
  source: ReturnAnswerSource;
  by: string;
  /** ISO 8601 instant. */
  at: string;
  providers?: { name: string; value: CellAnswer }[];
}

export type ReturnState =
  'draft' | 'submitted-for-approval' | 'returned-with-comments' | 'approved' | 'sent-to-department';

export interface ReturnWorkbookInput {
  partnership: { name: string; gssCode: string };
  /** "2025-26": must be the template's year. */
  financialYear: string;
  template: ReturnTemplate;
  templateVersion: { version: number; sha256: string };
  answers: ReturnAnswers;
  /** Per question key, per cell key (as in answers). */
  provenance: Record<string, Record<string, ReturnCellProvenance>>;
  /** evaluateRules and checkRequired, in any order: the validation sheet orders them. */
  results: RuleResult[];
  /** The coordinator's explanation, by rule key. */
  explanations: Record<string, string>;
  /** Data-quality notes, by question key. */
  notes: Record<string, string>;
  state: ReturnState;
  signatory?: { name: string; role: string; /** ISO 8601 instant. */ approvedAt: string };
  /** The content hash of the frozen snapshot, once approved. */
  snapshotHash?: string;
  /** ISO 8601 instant. */
  generatedAt: string;
}

export const RETURN_SHEET_NAMES = Object.freeze({
  cover: '00_Cover',
  validation: '10_Validation',
  notes: '11_DataQualityNotes',
  provenance: '12_Provenance',
  codeLists: '13_CodeLists',
});

const STATE_LABELS: Readonly<Record<ReturnState, string>> = Object.freeze({
  draft: 'Draft',
  'submitted-for-approval': 'Submitted for approval',
  'returned-with-comments': 'Returned with comments by the signatory',
  approved: 'Approved',
  'sent-to-department': 'Approved and sent to the department',
});

const APPROVED_STATES: readonly ReturnState[] = Object.freeze(['approved', 'sent-to-department']);

const TYPE_LABELS: Readonly<Record<QuestionType, string>> = Object.freeze({
  count: 'Count',
  money: 'Money (£)',
  'yes-no': 'Yes or no',
  date: 'Date',
  text: 'Text',
  choice: 'Choice',
  url: 'Web address',
});

export const SOURCE_LABELS: Readonly<Record<ReturnAnswerSource, string>> = Object.freeze({
  kpi: 'KPI',
  providers: 'Providers’ submissions',
  waymark: 'Waymark’s records',
  coordinator: 'Coordinator',
});

// Styles this workbook adds to the house style: an unanswered cell, a form box, a right-aligned figure.
const UNANSWERED_FILL: Fill = Object.freeze({
  type: 'pattern',
  pattern: 'solid',
  fgColor: Object.freeze({ argb: 'FFE8E8E8' }),
}) as Fill;
const thin = Object.freeze({ style: 'thin', color: Object.freeze({ argb: 'FFB1B4B6' }) });
const BOX: Partial<Borders> = Object.freeze({
  top: thin,
  left: thin,
  bottom: thin,
  right: thin,
}) as Partial<Borders>;

/** The kind of a column of answers, for its heading's alignment: figures and dates are on the right. */
const ANSWER_KINDS: Partial<Record<QuestionType, ColumnKind>> = Object.freeze({
  count: 'integer',
  money: 'money',
  date: 'date',
});

const LABEL_WIDTH = 46;
const GRID_WIDTH = 16;
/** The characters of column width across an A4 portrait page at full size (523 points between margins). */
const PORTRAIT_WIDTH = 96;

/**
 * Builds the annual return workbook. Pure: the same input gives the same cells (the zip has its own clock).
 * Throws when the template's year is not the return's, or a section's sheet name clashes with a fixed one.
 */
export async function buildReturnWorkbook(input: ReturnWorkbookInput): Promise<Buffer> {
  const { template } = input;
  if (input.financialYear !== template.financialYear) {
    throw new Error(`The template is for ${template.financialYear}, not ${input.financialYear}`);
  }
  checkSheetNames(template);

  const workbook = new ExcelJS.Workbook();
  const generated = new Date(input.generatedAt);
  workbook.creator = 'Waymark';
  workbook.lastModifiedBy = 'Waymark';
  workbook.created = generated;
  workbook.modified = generated;
  workbook.title = `${input.partnership.name}: ${template.title}`;
  workbook.subject = 'Domestic Abuse Act 2021 Part 4: annual return (s.59)';

  addCover(workbook.addWorksheet(RETURN_SHEET_NAMES.cover), input);
  const places = new Map<string, string>();
  for (const section of template.sections) {
    addSectionSheet(workbook.addWorksheet(section.sheetName), input, section, places);
  }
  addValidationSheet(workbook.addWorksheet(RETURN_SHEET_NAMES.validation), input);
  addNotesSheet(workbook.addWorksheet(RETURN_SHEET_NAMES.notes), input);
  addProvenanceSheet(workbook.addWorksheet(RETURN_SHEET_NAMES.provenance), input, places);
  addCodeListsSheet(workbook.addWorksheet(RETURN_SHEET_NAMES.codeLists), template);
  return (await workbook.xlsx.writeBuffer()) as unknown as Buffer;
}

function checkSheetNames(template: ReturnTemplate): void {
  const fixed = new Set(Object.values(RETURN_SHEET_NAMES).map((name) => name.toLowerCase()));
  for (const section of template.sections) {
    const problem = sheetNameProblem(section.sheetName);
    if (problem) throw new Error(`Section ${section.number}: ${problem}`);
    if (fixed.has(section.sheetName.toLowerCase())) {
      throw new Error(
        `Section ${section.number}’s sheet name "${section.sheetName}" is one of the return’s own sheets`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------------

/** A date of the form YYYY-MM-DD as a date cell's value (midnight UTC, as exceljs reads it back). */
function dayOf(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function codeLabel(list: CodeList | undefined, code: string): string {
  return list?.codes.find((c) => c.code === code)?.label ?? code;
}

/**
 * Writes one answer into a cell: blank stays empty (grey), "not collected" is said in words (italic), a
 * number is a number with its format, yes/no is a word, a date a date.
 */
function writeAnswer(
  cell: Cell,
  answer: CellAnswer | undefined,
  question: ReturnQuestion,
  template: ReturnTemplate,
): void {
  cell.border = BOX;
  cell.alignment = ALIGNMENTS.wrap;
  if (answer === undefined) {
    cell.value = null;
    cell.fill = UNANSWERED_FILL;
  } else if (isNotCollected(answer)) {
    cell.value = 'Not collected';
    cell.font = FONTS.note;
    if (question.type === 'count' || question.type === 'money') cell.alignment = ALIGNMENTS.figure;
  } else if (typeof answer === 'number') {
    cell.value = answer;
    cell.numFmt = question.type === 'money' ? NUMBER_FORMATS.money : NUMBER_FORMATS.integer;
    cell.alignment = ALIGNMENTS.figure;
  } else if (typeof answer === 'boolean') {
    cell.value = answer ? 'Yes' : 'No';
  } else if (question.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(answer)) {
    cell.value = dayOf(answer);
    cell.numFmt = NUMBER_FORMATS.date;
    cell.alignment = ALIGNMENTS.figure;
  } else if (question.type === 'url' && /^https?:\/\//.test(answer)) {
    cell.value = { text: answer, hyperlink: answer };
    cell.font = FONTS.link;
  } else if (question.type === 'choice') {
    cell.value = text(codeLabel(template.codeLists[question.choices ?? ''], answer));
  } else {
    cell.value = text(answer);
  }
}

/** An answer as words, for the provenance sheet's per-provider figures. */
export function answerWords(answer: CellAnswer, question: ReturnQuestion): string {
  if (isNotCollected(answer)) return 'Not collected';
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (typeof answer !== 'number') return answer;
  return question.type === 'money'
    ? answer.toLocaleString('en-GB', { style: 'currency', currency: 'GBP' })
    : answer.toLocaleString('en-GB');
}

function put(
  sheet: Worksheet,
  row: number,
  column: number,
  value: ExcelJS.CellValue,
  font = FONTS.body,
  alignment = ALIGNMENTS.wrap,
) {
  const cell = sheet.getCell(row, column);
  cell.value = value;
  cell.font = font;
  cell.alignment = alignment;
  return cell;
}

/**
 * Writes a line that reads across the sheet (a title, a question's label, its guidance): merged from `column`
 * to `last` and wrapped, so that it stays within the printed width and its row is as tall as its lines.
 */
function across(
  sheet: Worksheet,
  row: number,
  column: number,
  last: number,
  value: string,
  font: Partial<ExcelJS.Font>,
): Cell {
  if (last > column) sheet.mergeCells(row, column, row, last);
  return put(sheet, row, column, value, font);
}

/**
 * The house print set-up (A4, fitted to the page width, OFFICIAL at the top, page numbers), with OFFICIAL
 * in the footer as well, gridlines not printed, and portrait for a sheet that is not wide.
 */
function setUpReturnPrinting(
  sheet: Worksheet,
  repeatRows: string,
  orientation: 'landscape' | 'portrait',
): void {
  setUpPrinting(sheet, repeatRows);
  sheet.pageSetup.orientation = orientation;
  markPages(sheet);
}

/** A table sheet in the house style (header row 1, frozen and repeated; A4 landscape), marked as above. */
function addTable(sheet: Worksheet, columns: readonly ColumnSpec[]): void {
  setUpTableSheet(sheet, columns);
  markPages(sheet);
}

function markPages(sheet: Worksheet): void {
  sheet.pageSetup.showGridLines = false;
  sheet.headerFooter.oddFooter = pageFooter(sheet.name, 'OFFICIAL');
}

// ---------------------------------------------------------------------------------------------------
// Cover
// ---------------------------------------------------------------------------------------------------

/** "2025-26" → "1 April 2025 to 31 March 2026". */
export function periodOf(financialYear: string): string {
  const start = Number(financialYear.slice(0, 4));
  return `1 April ${start} to 31 March ${start + 1}`;
}

function addCover(sheet: Worksheet, input: ReturnWorkbookInput): void {
  sheet.columns = [{ width: 34 }, { width: 72 }];
  put(sheet, 1, 1, 'OFFICIAL', FONTS.header);
  across(sheet, 2, 1, 2, input.template.title, FONTS.title);
  across(sheet, 3, 1, 2, input.partnership.name, FONTS.subtitle);
  const approved = APPROVED_STATES.includes(input.state);
  if (!approved) {
    const banner = put(sheet, 4, 1, 'DRAFT — not approved', RAG_STYLES.RED.font);
    banner.fill = RAG_STYLES.RED.fill!;
    put(
      sheet,
      4,
      2,
      'These figures have not been approved by the signatory and must not be sent.',
      FONTS.note,
    );
  }

  const facts: [string, ExcelJS.CellValue, string?][] = [
    ['Authority', input.partnership.name],
    ['GSS code', input.partnership.gssCode],
    ['Financial year', input.financialYear],
    ['Reporting period', periodOf(input.financialYear)],
    ['Template', input.template.title],
    ['Template version', input.templateVersion.version, NUMBER_FORMATS.integer],
    ['Template SHA-256', input.templateVersion.sha256],
    ['State', STATE_LABELS[input.state]],
  ];
  if (input.signatory) {
    facts.push(
      ['Signatory', input.signatory.name],
      ['Signatory’s role', input.signatory.role],
      ['Approved on', dayOf(londonIsoDate(new Date(input.signatory.approvedAt))), NUMBER_FORMATS.date],
    );
  }
  if (input.snapshotHash) facts.push(['Snapshot hash (SHA-256)', input.snapshotHash]);
  facts.push(['Generated', londonWallClock(new Date(input.generatedAt)), NUMBER_FORMATS.dateTime]);

  let row = 6;
  for (const [label, value, numFmt] of facts) {
    put(sheet, row, 1, label, FONTS.header);
    const cell = put(sheet, row, 2, typeof value === 'string' ? text(value) : value);
    cell.alignment = { ...ALIGNMENTS.wrap, horizontal: 'left' };
    if (numFmt) cell.numFmt = numFmt;
    row += 1;
  }

  row += 1;
  put(sheet, row, 1, 'How to read the return', FONTS.subtitle);
  const reading = [
    'A grey empty box has not been answered.',
    '“Not collected” is an answer: the figure is not collected. It is not zero.',
    '0 means none.',
    'Each question says whether it is mandatory or voluntary, and whether it is confirmed from the department’s published form or provisional.',
    `Rules and their results are on ${RETURN_SHEET_NAMES.validation}; where each figure came from is on ${RETURN_SHEET_NAMES.provenance}.`,
  ];
  for (const line of reading) put(sheet, (row += 1), 2, line, FONTS.body);
  setUpReturnPrinting(sheet, '1:1', 'portrait');
  layOutSheet(sheet, { widths: false });
}

// ---------------------------------------------------------------------------------------------------
// Sections: one sheet each, laid out like the form
// ---------------------------------------------------------------------------------------------------

function addSectionSheet(
  sheet: Worksheet,
  input: ReturnWorkbookInput,
  section: ReturnSection,
  places: Map<string, string>,
): void {
  const { template } = input;
  const gridColumns = Math.max(
    1,
    ...section.questions.map((q) =>
      q.dimensions.length === 2 ? template.codeLists[q.dimensions[1]].codes.length : 1,
    ),
  );
  const wide = section.questions.some((q) => q.dimensions.length === 2);
  const wordy = section.questions.some((q) => ['text', 'url', 'choice'].includes(q.type));
  const answerColumns = Array.from({ length: gridColumns }, () => GRID_WIDTH);
  // A portrait sheet spans the page: text answers get the rest of its width; figures leave it to the lines
  // that read across (titles, labels, guidance), in an empty column at the right.
  if (!wide && wordy) answerColumns[0] = PORTRAIT_WIDTH - LABEL_WIDTH;
  else if (!wide) answerColumns.push(PORTRAIT_WIDTH - LABEL_WIDTH - GRID_WIDTH);
  sheet.columns = [LABEL_WIDTH, ...answerColumns].map((width) => ({ width }));
  const last = 1 + answerColumns.length;

  across(sheet, 1, 1, last, `${section.number}. ${section.title}`, FONTS.title);
  across(
    sheet,
    2,
    1,
    last,
    `${input.partnership.name} (${input.partnership.gssCode}) · ${input.financialYear} · template version ${input.templateVersion.version}`,
    FONTS.note,
  );
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }];

  let row = 4;
  for (const question of section.questions) {
    row = writeQuestion(sheet, row, input, question, places, last) + 2;
  }
  setUpReturnPrinting(sheet, '1:2', wide ? 'landscape' : 'portrait');
  // A grid too wide for the page at 70% (a template with many codes) prints across pages, its row labels on each.
  layOutSheet(sheet, { widths: false, keyColumns: 'A:A' });
}

/** Writes one question's block from a row; returns the last row it used. */
function writeQuestion(
  sheet: Worksheet,
  first: number,
  input: ReturnWorkbookInput,
  question: ReturnQuestion,
  places: Map<string, string>,
  last: number,
): number {
  const { template, answers } = input;
  let row = first;
  across(sheet, row, 1, last, question.label, FONTS.subtitle);
  put(sheet, (row += 1), 1, question.key, FONTS.note);
  const flags = [
    question.obligation === 'mandatory' ? 'Mandatory' : 'Voluntary',
    question.confidence === 'confirmed' ? 'Confirmed' : 'Provisional',
    TYPE_LABELS[question.type],
    `From: ${SOURCE_LABELS[question.source]}`,
  ].join(' · ');
  across(sheet, row, 2, last, flags, FONTS.note);
  if (question.guidance.trim()) across(sheet, (row += 1), 1, last, question.guidance, FONTS.note);

  const given = answers[question.key] ?? {};
  const answerAt = (r: number, c: number, codes: string[]) => {
    const cell = sheet.getCell(r, c);
    writeAnswer(cell, given[cellKey(codes)], question, template);
    places.set(`${question.key}|${cellKey(codes)}`, cell.address);
  };
  const [rowsList, columnsList] = question.dimensions.map((key) => template.codeLists[key]);

  if (!rowsList) {
    put(sheet, (row += 1), 1, 'Answer', FONTS.header);
    answerAt(row, 2, []);
    return row;
  }
  row += 1;
  put(sheet, row, 1, rowsList.label);
  const headings = columnsList ? columnsList.codes.map((c) => c.label) : ['Answer'];
  headings.forEach((heading, i) => put(sheet, row, 2 + i, heading));
  // Headings over figures sit where the figures do, on the right.
  const kind = ANSWER_KINDS[question.type] ?? 'text';
  styleHeaderRow(sheet, row, 1 + headings.length, 1, ['text', ...headings.map(() => kind)]);
  for (const rowCode of rowsList.codes) {
    put(sheet, (row += 1), 1, rowCode.label);
    if (columnsList) {
      columnsList.codes.forEach((columnCode, i) => answerAt(row, 2 + i, [rowCode.code, columnCode.code]));
    } else {
      answerAt(row, 2, [rowCode.code]);
    }
  }
  return row;
}

// ---------------------------------------------------------------------------------------------------
// Validation, notes, provenance, code lists
// ---------------------------------------------------------------------------------------------------

const VALIDATION_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Rule', width: 46, kind: 'wrap' },
  { header: 'Kind', width: 9 },
  { header: 'Outcome', width: 13 },
  { header: 'Message', width: 38, kind: 'wrap' },
  { header: 'Values read', width: 46, kind: 'wrap' },
  { header: 'Why it could not be checked', width: 22, kind: 'wrap' },
  { header: 'Coordinator’s explanation', width: 30, kind: 'wrap' },
] satisfies ColumnSpec[]);

const OUTCOME_WORDS: Readonly<Record<RuleResult['outcome'], string>> = Object.freeze({
  fail: 'Fail',
  'not-evaluable': 'Cannot check',
  pass: 'Pass',
});

/** Failing errors first, then failing warnings, then what cannot be checked, then passes; stable. */
function rank(result: RuleResult): number {
  const outcome = { fail: 0, 'not-evaluable': 2, pass: 4 }[result.outcome];
  return outcome + (result.kind === 'error' ? 0 : 1);
}

function outcomeRag(result: RuleResult): ReportRag {
  if (result.outcome === 'pass') return 'GREEN';
  if (result.outcome === 'not-evaluable') return 'STALE';
  return result.kind === 'error' ? 'RED' : 'AMBER';
}

function valueWords(value: RuleValue): string {
  return typeof value === 'number' ? value.toLocaleString('en-GB') : value;
}

function addValidationSheet(sheet: Worksheet, input: ReturnWorkbookInput): void {
  addTable(sheet, VALIDATION_COLUMNS);
  const ordered = input.results
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => result);
  for (const result of ordered) {
    const explanation = input.explanations[result.key];
    const row = sheet.addRow([
      result.key,
      result.kind === 'error' ? 'Error' : 'Warning',
      null,
      text(result.message),
      text(
        Object.entries(result.values)
          .map(([reference, value]) => `${reference} = ${valueWords(value)}`)
          .join('\n'),
      ),
      text(result.reason),
      text(explanation),
    ]);
    const outcome = row.getCell(3);
    const style = RAG_STYLES[outcomeRag(result)];
    outcome.value = OUTCOME_WORDS[result.outcome];
    outcome.font = style.font;
    if (style.fill) outcome.fill = style.fill;
    if (!explanation && result.kind === 'warning' && result.outcome === 'fail') {
      const cell = row.getCell(7);
      cell.value = 'Needed: not yet given';
      cell.font = FONTS.note;
    }
  }
  if (ordered.length === 0) sheet.addRow(['No rules have been checked.']);
  addFilters(sheet, VALIDATION_COLUMNS.length);
  layOutTable(sheet, VALIDATION_COLUMNS, 'A:C');
}

const NOTES_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Sheet', width: 36, kind: 'wrap' },
  { header: 'Question', width: 36, kind: 'wrap' },
  { header: 'Label', width: 44, kind: 'wrap' },
  { header: 'Data-quality note', width: 70, kind: 'wrap' },
] satisfies ColumnSpec[]);

function addNotesSheet(sheet: Worksheet, input: ReturnWorkbookInput): void {
  addTable(sheet, NOTES_COLUMNS);
  let written = 0;
  for (const section of input.template.sections) {
    for (const question of section.questions) {
      const note = text(input.notes[question.key]);
      if (!note) continue;
      sheet.addRow([section.sheetName, question.key, question.label, note]);
      written += 1;
    }
  }
  if (written === 0) sheet.addRow(['No data-quality notes have been written.']);
  addFilters(sheet, NOTES_COLUMNS.length);
  layOutTable(sheet, NOTES_COLUMNS, 'A:B');
}

const PROVENANCE_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Question', width: 38, kind: 'wrap' },
  { header: 'Label', width: 24, kind: 'wrap' },
  { header: 'Cell', width: 20, kind: 'wrap' },
  { header: 'Where', width: 34, kind: 'wrap' },
  { header: 'Value', width: 12, kind: 'wrap' },
  { header: 'Source', width: 14, kind: 'wrap' },
  { header: 'By', width: 16, kind: 'wrap' },
  { header: 'At', width: 16, kind: 'dateTime' },
  { header: 'By provider', width: 28, kind: 'wrap' },
] satisfies ColumnSpec[]);

function addProvenanceSheet(sheet: Worksheet, input: ReturnWorkbookInput, places: Map<string, string>): void {
  addTable(sheet, PROVENANCE_COLUMNS);
  const { template } = input;
  let written = 0;
  for (const section of template.sections) {
    for (const question of section.questions) {
      const lists = question.dimensions.map((key) => template.codeLists[key]);
      for (const codes of questionCells(template, question)) {
        const key = cellKey(codes);
        const answer = input.answers[question.key]?.[key];
        if (answer === undefined) continue;
        const origin = input.provenance[question.key]?.[key];
        const row = sheet.addRow([
          question.key,
          question.label,
          codes.map((code, d) => codeLabel(lists[d], code)).join(' × ') || null,
          null,
          null,
          origin ? SOURCE_LABELS[origin.source] : 'Not recorded',
          text(origin?.by),
          origin ? londonWallClock(new Date(origin.at)) : null,
          text(origin?.providers?.map((p) => `${p.name}: ${answerWords(p.value, question)}`).join('\n')),
        ]);
        const address = places.get(`${question.key}|${key}`)!;
        const where = row.getCell(4);
        where.value = {
          text: `${section.sheetName}!${address}`,
          hyperlink: `#'${section.sheetName.replaceAll("'", "''")}'!${address}`,
        };
        where.font = FONTS.link;
        writeAnswer(row.getCell(5), answer, question, template);
        written += 1;
      }
    }
  }
  if (written === 0) sheet.addRow(['No question has been answered yet.']);
  addFilters(sheet, PROVENANCE_COLUMNS.length);
  layOutTable(sheet, PROVENANCE_COLUMNS, 'A:A');
}

const CODE_LIST_COLUMNS: readonly ColumnSpec[] = Object.freeze([
  { header: 'Code list', width: 26, kind: 'wrap' },
  { header: 'List label', width: 40, kind: 'wrap' },
  { header: 'Code', width: 26 },
  { header: 'Label', width: 50, kind: 'wrap' },
  { header: 'Confidence', width: 13 },
] satisfies ColumnSpec[]);

function addCodeListsSheet(sheet: Worksheet, template: ReturnTemplate): void {
  addTable(sheet, CODE_LIST_COLUMNS);
  const used = new Set(
    template.sections.flatMap((s) =>
      s.questions.flatMap((q) => [...q.dimensions, ...(q.choices ? [q.choices] : [])]),
    ),
  );
  for (const key of used) {
    const list = template.codeLists[key];
    for (const code of list.codes) {
      sheet.addRow([key, list.label, code.code, code.label, code.confirmed ? 'Confirmed' : 'Provisional']);
    }
  }
  addFilters(sheet, CODE_LIST_COLUMNS.length);
  layOutTable(sheet, CODE_LIST_COLUMNS, 'A:A');
}
