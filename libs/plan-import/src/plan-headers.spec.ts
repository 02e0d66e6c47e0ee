import ExcelJS from 'exceljs';
import { PlanState, planChanges } from './plan-changes';
import { PlanFileError, readPlanFile } from './plan-file';
import { describeColumns, readPlanSheet } from './plan-sheet';

const state: PlanState = {
  organisations: [
    { id: 'police', name: 'West Mercia Police', aliases: ['Police', 'WMP'] },
    { id: 'council', name: 'Herefordshire Council', aliases: ['Council'] },
    { id: 'wmwa', name: "West Mercia Women's Aid", aliases: ['WMWA'] },
  ],
  priorities: [],
  actions: [],
  contacts: [],
};

async function xlsx(rows: (string | null)[][], merges: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Joint action plan');
  rows.forEach((row, r) => row.forEach((v, c) => v !== null && (ws.getCell(r + 1, c + 1).value = v)));
  for (const range of merges) ws.mergeCells(range);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function read(content: Buffer) {
  const sheet = readPlanSheet(await readPlanFile(content));
  return { sheet, changes: planChanges(sheet, state) };
}

/**
 * A joint action plan as a council publishes it: a plain header row whose labels end in colons and are
 * compound phrases, the priority merged down each group, long sentences in the action column. Before
 * headers were read by meaning, the importer took a data row far down as the header row.
 */
const JOINT_PLAN: (string | null)[][] = [
  [
    'Priority Area:',
    'Priority-specific Aim:',
    'Objectives (what partner agencies will do):',
    'Lead Partner(s):',
    'Timescale / Target Date:',
    'Key Performance Indicator:',
    'Progress Update (RAG):',
  ],
  [
    'Priority 1 - Prevention',
    'Fewer people experience domestic abuse',
    'Deliver awareness activities in every secondary school so that young people recognise the signs of an abusive relationship and know where to get help.',
    'Council',
    'March 2023',
    'Number of schools reached',
    'Green',
  ],
  [
    null,
    null,
    'Run a campaign on coercive control, economic abuse and stalking across the county, working with the voluntary sector to reach rural communities.',
    'WMWA',
    '2022/23',
    'Campaign reach',
    'Amber',
  ],
  [
    null,
    null,
    'Train front line staff in primary care, schools and housing to ask about domestic abuse and to respond well to a disclosure.',
    'Council / WMWA',
    'Q3 2022/23',
    'Staff trained',
    '',
  ],
  [
    'Priority 2 - Perpetrators',
    'Perpetrators are held to account',
    'Use the criminal justice system to its full effect to deter offending and bring perpetrators to justice, including Domestic Abuse Protection Orders.',
    'Police',
    'end of 2023',
    'Charge rate',
    'Red',
  ],
  [
    null,
    null,
    'Make effective, evidence-based programmes available to help change perpetrator behaviour where perpetrators have the capacity to change.',
    'Police and Council',
    'April 2022 - March 2024',
    'Completions',
    '',
  ],
];

describe('recognising the header row by meaning', () => {
  it('reads a joint plan whose colon-ended compound labels head merged priority cells', async () => {
    const { sheet, changes } = await read(await xlsx(JOINT_PLAN, ['A2:A4', 'B2:B4', 'A5:A6', 'B5:B6']));
    expect(sheet.headerRow).toBe(1);
    expect(sheet.fieldColumns).toEqual({ priority: 'A', text: 'C', lead: 'D', dueDate: 'E', measure: 'F' });
    expect(changes.rows.map((r) => [r.row, r.outcome, r.ref, r.leads])).toEqual([
      [2, 'created', '1.1', ['Herefordshire Council']],
      [3, 'created', '1.2', ["West Mercia Women's Aid"]],
      [4, 'created', '1.3', ['Herefordshire Council', "West Mercia Women's Aid"]],
      [5, 'created', '2.1', ['West Mercia Police']],
      [6, 'created', '2.2', ['West Mercia Police', 'Herefordshire Council']],
    ]);
    expect(changes.newPriorities.map((p) => [p.ref, p.title])).toEqual([
      ['1', 'Prevention'],
      ['2', 'Perpetrators'],
    ]);
    expect(changes.actions.map((a) => a.data.dueDate)).toEqual([
      '2023-03-31',
      '2023-03-31',
      '2022-12-31',
      '2023-12-31',
      '2024-03-31',
    ]);
  });
});

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
}

const ACTIONS = [
  'Deliver awareness sessions in every secondary school across the county.',
  'Train front line housing staff to respond well to a disclosure of abuse.',
  'Agree an information sharing protocol for lower level risk cases.',
];

describe('the header row', () => {
  it('prefers the first row naming several fields, under a title block, and says what it reads as what', async () => {
    const { sheet } = await read(
      csv([
        ['Herefordshire Domestic Abuse Work Plan 2022-2024'],
        ['Owner: Local Partnership Board', '', ''],
        ['Ref:', 'Key actions:', 'Lead partner/s:', 'Timescale:', 'Outcomes:', 'RAG:'],
        ['1', ACTIONS[0], 'Council', 'March 2023', 'Young people know the signs', 'Green'],
        ['2', ACTIONS[1], 'Police', '2023/24', '', ''],
      ]),
    );
    expect(sheet.headerRow).toBe(3);
    expect(describeColumns(sheet)).toBe(
      'Sheet "CSV", headers on row 3: A "Ref:" as the reference; B "Key actions:" as the action; C "Lead partner/s:" as the lead organisations; D "Timescale:" as the due date; E "Outcomes:" as outcomes, not imported; F "RAG:" as RAG ratings, not imported.',
    );
  });

  it('reads two header rows: sub-columns under a group label', async () => {
    const { sheet, changes } = await read(
      csv([
        ['Ref', 'Action', 'Responsibility', '', 'Timescale', '', 'Monitoring'],
        ['', '', 'Lead', 'Support', 'Start', 'End', 'RAG'],
        ['1', ACTIONS[0], 'Council', 'Police', 'April 2022', 'March 2023', 'Green'],
      ]),
    );
    expect(sheet.headerRows).toBe(2);
    expect(sheet.fieldColumns).toEqual({
      ref: 'A',
      text: 'B',
      lead: 'C',
      supporting: 'D',
      startDate: 'E',
      dueDate: 'F',
    });
    expect(changes.actions[0].data).toMatchObject({
      startDate: '2022-04-01',
      dueDate: '2023-03-31',
      supportingText: 'Police',
    });
  });

  it('skips totals rows', async () => {
    const { changes } = await read(
      csv([
        ['Ref', 'Action', 'Lead', 'RAG'],
        ['1', ACTIONS[0], 'Council', 'Green'],
        ['Total actions', '', '', '1'],
      ]),
    );
    expect(changes.rows.map((r) => r.outcome)).toEqual(['created', 'skipped']);
    expect(changes.problems.map((p) => p.code)).toContain('totals');
  });

  it('ignores hidden columns, and says so', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Plan');
    ws.addRows([
      ['Ref', 'Lead (2019 plan)', 'Action', 'Lead'],
      ['1', 'Old lead', ACTIONS[0], 'Police'],
    ]);
    ws.getColumn(2).hidden = true;
    const { sheet, changes } = await read(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.fieldColumns.lead).toBe('D');
    expect(changes.actions[0].data.leadText).toBe('Police');
    expect(changes.problems.find((p) => p.code === 'file-read')?.message).toMatch(
      /hidden column B was not read/,
    );
  });

  it('refuses, listing the rows that look like headers, when no row names the action', async () => {
    const content = csv([
      ['Priority:', 'Thing to do:', 'Lead partner:', 'By when:'],
      ['Prevention', ACTIONS[0], 'Council', 'March 2023'],
    ]);
    const error = await read(content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanFileError);
    expect(error).toMatchObject({
      code: 'no-headers',
      headerLookalikes: [
        { sheet: 'CSV', row: 1, labels: ['Priority:', 'Thing to do:', 'Lead partner:', 'By when:'] },
      ],
    });
    expect((error as Error).message).toMatch(
      /^Could not recognise the header row: .*; these rows look like headers: row 1 \("Priority:", "Thing to do:", "Lead partner:", "By when:"\); give a mapping/,
    );
  });

  it('never takes a row of sentences as headers, nor a column of sentences as the lead', async () => {
    // The only row whose words name an action is a data row; the real header's action label is unknown.
    const content = csv([
      ['Area', 'Workstream', 'Lead'],
      ['Prevention', 'Schools', 'Deliver awareness sessions for lead teachers in every secondary school.'],
      [
        'Prevention',
        'Housing',
        'Train front line housing staff and lead officers to respond to disclosures.',
      ],
      ['Partnership', 'Data', 'Agree the information sharing protocol with the lead agency for each area.'],
    ]);
    await expect(read(content)).rejects.toMatchObject({ code: 'no-headers' });
    const leadOfSentences = csv([
      ['Action', 'Lead'],
      ['Schools', ACTIONS[0]],
      ['Housing', ACTIONS[1]],
      ['Data', ACTIONS[2]],
    ]);
    const error = await read(leadOfSentences).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'headers-unclear' });
    expect((error as Error).message).toMatch(/lead column B \("Lead"\) holds sentences, not who leads/);
    // A coordinator who says so is believed.
    const sheet = readPlanSheet(await readPlanFile(leadOfSentences), { columns: { lead: 'B' } });
    expect(sheet.fieldColumns).toEqual({ text: 'A', lead: 'B' });
  });

  it('refuses a guess that would leave actions above the headers unread', async () => {
    const content = csv([
      ['Schools', ACTIONS[0], 'Council'],
      ['Housing', ACTIONS[1], 'Police'],
      ['Ref', 'Action', 'Lead'],
      ['3', ACTIONS[2], 'Police'],
    ]);
    const error = await read(content).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'headers-unclear' });
    expect((error as Error).message).toMatch(/rows 1, 2 above it look like actions/);
    const sheet = readPlanSheet(await readPlanFile(content), { headerRow: 3 });
    expect(sheet.rows).toHaveLength(1);
  });
});
