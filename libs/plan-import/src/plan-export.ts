import ExcelJS from 'exceljs';
import { FONTS, layOutSheet, pageStarts, setUpPrinting } from '@waymark/workbooks';
import { FIELD_LABELS, PLAN_FIELDS, PlanField } from './plan-columns';

/** One action as the exported sheet shows it: each cell as text, as the plan wrote it where it was imported. */
export type ExportRow = Record<PlanField, string>;

export interface ExportPlan {
  title: string;
  rows: ExportRow[];
}

/** Where the headers are: a title row and a blank row above them, as councils lay their plans out. */
const EXPORT_HEADER_ROW = 3;

/** The widest each column grows to with its content (the rest wraps). */
const WIDTHS: Record<PlanField, number> = {
  ref: 8,
  priority: 24,
  title: 28,
  text: 50,
  lead: 24,
  // "Name <email>": an address does not wrap, so the column is as wide as most are.
  leadOfficer: 40,
  supporting: 24,
  startDate: 12,
  dueDate: 16,
  measure: 30,
};

// Styles are shared by reference between cells: frozen, so that no cell can change another's.
const TITLE_FONT: Partial<ExcelJS.Font> = Object.freeze({ ...FONTS.body, bold: true, size: 14 });
const HEADER_FONT: Partial<ExcelJS.Font> = Object.freeze({
  ...FONTS.body,
  bold: true,
  color: Object.freeze({ argb: 'FFFFFFFF' }),
});
const HEADER_FILL: ExcelJS.Fill = Object.freeze({
  type: 'pattern',
  pattern: 'solid',
  fgColor: Object.freeze({ argb: 'FF1D70B8' }),
});
const WRAP: Partial<ExcelJS.Alignment> = Object.freeze({ wrapText: true, vertical: 'top' });

/**
 * The action plan as a workbook in the layout councils keep (and Waymark imports): one row per action,
 * each priority's cell merged down over its actions. Importing it again changes nothing.
 */
export async function buildPlanWorkbook(plan: ExportPlan): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';
  const ws = workbook.addWorksheet('Action plan', {
    views: [{ state: 'frozen', ySplit: EXPORT_HEADER_ROW }],
  });
  ws.columns = PLAN_FIELDS.map((field) => ({ key: field, width: WIDTHS[field] }));

  const title = ws.getCell(1, 1);
  title.value = `${plan.title}: action plan`;
  title.font = TITLE_FONT;

  const header = ws.getRow(EXPORT_HEADER_ROW);
  PLAN_FIELDS.forEach((field, i) => {
    const cell = header.getCell(i + 1);
    cell.value = FIELD_LABELS[field];
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = WRAP;
  });

  plan.rows.forEach((row, i) => {
    const sheetRow = ws.getRow(EXPORT_HEADER_ROW + 1 + i);
    PLAN_FIELDS.forEach((field, column) => {
      const cell = sheetRow.getCell(column + 1);
      cell.value = row[field] || null;
      cell.font = FONTS.body;
      cell.alignment = WRAP;
    });
  });

  // A4 landscape, the header row on every page; too wide to fit the page at 70%, so at full size with the
  // reference, priority and title repeated on the pages to the right. Each row is as tall as its text,
  // the priority's included, before any merging: so the name fits whichever rows of a page it lands on.
  setUpPrinting(ws, `${EXPORT_HEADER_ROW}:${EXPORT_HEADER_ROW}`);
  const scale = layOutSheet(ws, {
    columns: Object.fromEntries(PLAN_FIELDS.map((field, i) => [i + 1, { max: WIDTHS[field] }])),
    ignore: (cell) => Number(cell.row) < EXPORT_HEADER_ROW,
    keyColumns: 'A:C',
  });

  // Merge each run of rows with the same priority, as plans do, but never across a page: a merged cell
  // prints its text on the first page only, so the next page's rows would have no priority.
  const pages = new Set(
    pageStarts(ws, scale, EXPORT_HEADER_ROW + 1, ws.getRow(EXPORT_HEADER_ROW).height ?? 15),
  );
  for (const start of pages) ws.getRow(start - 1).addPageBreak();
  const priorityColumn = PLAN_FIELDS.indexOf('priority') + 1;
  const rowOf = (i: number) => EXPORT_HEADER_ROW + 1 + i;
  for (let start = 0; start < plan.rows.length;) {
    let end = start;
    while (
      end + 1 < plan.rows.length &&
      plan.rows[end + 1].priority === plan.rows[start].priority &&
      !pages.has(rowOf(end + 1))
    )
      end++;
    if (end > start && plan.rows[start].priority) {
      ws.mergeCells(rowOf(start), priorityColumn, rowOf(end), priorityColumn);
    }
    start = end + 1;
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
