import ExcelJS from 'exceljs';
import {
  FONTS,
  layOutSheet,
  layOutTable,
  setUpPrinting,
  setUpTableSheet,
  type ColumnKind,
} from '@waymark/workbooks';
import { PLAN_SHEETS, PlanSheetName, SHEET_COLUMNS } from './plan-sheets';
import { toDate, type ReviewPlanView } from './review-records';

const INSTRUCTIONS = [
  'How to use this workbook',
  'Each sheet is one part of the review plan: Stages, Engagement (the groups and bodies engaged) and Gates (the approvals, in the order they are passed).',
  "Rows are matched to the plan by their first column (a stage's Key, an activity's or gate's Ref): keep it to change a row, give a new one to add a row. Rows left out are left as they are; archive them through the admin API.",
  "The rows' order is the plan's order.",
  'Dates: a date cell, or YYYY-MM-DD, or DD/MM/YYYY.',
  'Contact and Approver: the email (or the unique name) of a contact of the partnership.',
  'Questions and Preconditions: one a line.',
  'Kind: "approval", or "formal comment" for a body that comments without deciding (e.g. scrutiny).',
  'Stage (Engagement): the Key of a stage on the Stages sheet.',
  '"Preconditions met" is for reading: mark a precondition met through the admin API.',
  'Import it again (POST /api/reviews/<id>/plan): all or nothing, every problem named by sheet, row and column.',
];

const KIND: Record<'text' | 'wrap' | 'date', ColumnKind> = { text: 'text', wrap: 'wrap', date: 'date' };

/** A contact as the sheet names them: by email, which is unique in the partnership. */
const email = (contact: { email: string } | null) => contact?.email ?? '';

function rowsOf(sheet: PlanSheetName, plan: ReviewPlanView): Record<string, string | Date | null>[] {
  const day = (iso: string | null) => toDate(iso);
  switch (sheet) {
    case 'Stages':
      return plan.stages.map((s) => ({
        key: s.key,
        name: s.name,
        startsOn: day(s.startsOn),
        endsOn: day(s.endsOn),
      }));
    case 'Engagement':
      return plan.activities.map((a) => ({
        ref: a.ref,
        group: a.group,
        contact: email(a.contact),
        members: a.members,
        aim: a.aim,
        questions: a.questions.join('\n'),
        opensOn: day(a.opensOn),
        closesOn: day(a.closesOn),
        stageKey: a.stageKey,
      }));
    case 'Gates':
      return plan.gates.map((g) => ({
        ref: g.ref,
        body: g.body,
        approver: email(g.approver),
        approves: g.approves,
        kind: g.kind === 'formal-comment' ? 'formal comment' : 'approval',
        stageKey: g.stageKey,
        preconditions: g.preconditions.map((p) => p.name).join('\n'),
        met: g.preconditions
          .filter((p) => p.met)
          .map((p) => `${p.name}: met ${p.metAt!.toISOString().slice(0, 10)}`)
          .join('\n'),
      }));
  }
}

/**
 * The review's plan as a workbook: Instructions, then one table sheet each for Stages, Engagement and Gates, in
 * the layout the import reads (so an export imported again changes nothing). A4 landscape, OFFICIAL, the
 * shared layout rules.
 */
export async function buildReviewPlanWorkbook(plan: ReviewPlanView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Waymark';

  const instructions = workbook.addWorksheet('Instructions');
  instructions.getCell(1, 1).value = `${plan.title}: review plan`;
  instructions.getCell(1, 1).font = FONTS.title;
  instructions.getCell(2, 1).value =
    `Review window ${plan.window.number}: ${plan.window.start} to ${plan.window.end}`;
  INSTRUCTIONS.forEach((line, i) => {
    const cell = instructions.getCell(4 + i, 1);
    cell.value = line;
    cell.font = i === 0 ? FONTS.subtitle : FONTS.body;
    cell.alignment = { vertical: 'top', wrapText: true };
  });
  instructions.getColumn(1).width = 110;
  setUpPrinting(instructions);
  layOutSheet(instructions, { widths: false });

  for (const name of PLAN_SHEETS) {
    const columns = SHEET_COLUMNS[name].map((c) => ({
      header: c.header,
      width: c.width,
      kind: KIND[c.kind],
    }));
    const sheet = workbook.addWorksheet(name);
    setUpTableSheet(sheet, columns);
    for (const row of rowsOf(name, plan)) sheet.addRow(SHEET_COLUMNS[name].map((c) => row[c.field] ?? null));
    layOutTable(sheet, columns, 'A:B');
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
