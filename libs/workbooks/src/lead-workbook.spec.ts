import ExcelJS from 'exceljs';
import { leadUpdateSchema } from '@waymark/contracts';
import {
  LEAD_WORKBOOK_SHEET,
  buildLeadWorkbook,
  leadWorkbookColumn,
  leadWorkbookFileName,
  leadWorkbookKey,
  readLeadWorkbook,
} from './lead-workbook';

const SECRET = 'a-link-secret-of-at-least-32-characters';
const input = {
  partnershipName: 'Sandwell',
  leadName: 'Priya Shah',
  periodLabel: 'Q1 2026/27',
  deadline: '2026-07-10T16:00:00.000Z',
  coordinatorEmail: 'da@sandwell.test',
  rows: [
    {
      key: leadWorkbookKey(SECRET, 'chase-1', 'req-1'),
      ref: 'P1.1',
      title: 'Train staff',
      status: 'ON_TRACK',
      percentComplete: 40,
    },
    {
      key: leadWorkbookKey(SECRET, 'chase-1', 'req-2'),
      ref: 'P1.2',
      title: 'Open refuge',
      status: 'NOT_STARTED',
      percentComplete: null,
    },
  ],
};

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

async function save(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('the lead workbook', () => {
  it('is named for the period, with a financial year written as 2026-27', () => {
    expect(leadWorkbookFileName('Quarter 3 2026/27 (October to December 2026)')).toBe(
      'Updates Quarter 3 2026-27 October to December 2026.xlsx',
    );
  });

  it('lists the actions with locked references, a hidden key, dropdowns, validation and protection', async () => {
    const workbook = await load(await buildLeadWorkbook(input));
    const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET)!;
    expect(sheet.getColumn(1).hidden).toBe(true);
    expect(sheet.getRow(2).values).toEqual(
      expect.arrayContaining([input.rows[0].key, 'P1.1', 'Train staff', 'On track', 40]),
    );
    expect(sheet.getCell('F2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"Not started,On track,At risk,Off track,Blocked,Complete"'],
    });
    expect(sheet.getCell('G3').dataValidation).toMatchObject({ type: 'whole', formulae: [0, 100] });
    expect(sheet.getCell('J2').dataValidation).toMatchObject({ type: 'date' });
    expect(sheet.getCell('B2').protection?.locked).not.toBe(false);
    expect(sheet.getCell('H2').protection).toMatchObject({ locked: false });
    expect((sheet as unknown as { sheetProtection: object }).sheetProtection).toMatchObject({ sheet: true });
    const instructions = workbook.getWorksheet('Instructions')!;
    const text = instructions.getColumn(1).values.join('\n');
    expect(text).toContain('10 July 2026');
    expect(text).toContain('reply to the request email with it attached');
    expect(text).toContain('DO NOT include personal information about victims');
    expect(workbook.created).toEqual(new Date(Date.UTC(2024, 0, 1)));
  });

  it('is the same file, byte for byte, every time for the same chase', async () => {
    const first = await buildLeadWorkbook(input);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2-second grain
    expect((await buildLeadWorkbook(input)).equals(first)).toBe(true);
    expect((await load(first)).getWorksheet(LEAD_WORKBOOK_SHEET)!.getCell('B3').value).toBe('P1.2');
  });

  it('reads back what a lead filled in, as the form would send it, leaving untouched rows out', async () => {
    const workbook = await load(await buildLeadWorkbook(input));
    const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET)!;
    sheet.getCell('F3').value = 'At risk';
    sheet.getCell('G3').value = 10;
    sheet.getCell('H3').value = 'The lease is signed.';
    sheet.getCell('J3').value = new Date(Date.UTC(2027, 2, 31));
    sheet.getCell('K3').value = 'Builders started late';
    const reading = await readLeadWorkbook(await save(workbook));
    expect(reading).toEqual({
      kind: 'workbook',
      rows: [expect.objectContaining({ rowNumber: 3, key: input.rows[1].key, ref: 'P1.2' })],
    });
    if (reading.kind !== 'workbook') throw new Error('not read');
    expect(leadUpdateSchema.parse(reading.rows[0].input)).toEqual({
      status: 'AT_RISK',
      percentComplete: 10,
      commentary: 'The lease is signed.',
      blockers: undefined,
      proposedDueDate: '2027-03-31',
      proposedDueDateReason: 'Builders started late',
    });
  });

  it('gives what the schema refuses by row and column', async () => {
    const workbook = await load(await buildLeadWorkbook(input));
    const sheet = workbook.getWorksheet(LEAD_WORKBOOK_SHEET)!;
    sheet.getCell('G2').value = 140;
    sheet.getCell('F3').value = 'Blocked';
    sheet.getCell('H3').value = 'Waiting for the lease.';
    sheet.getCell('J3').value = '31/3/2027'; // typed as text: still a date
    sheet.getCell('K3').value = 'Landlord';
    const reading = await readLeadWorkbook(await save(workbook));
    if (reading.kind !== 'workbook') throw new Error('not read');
    const result = leadUpdateSchema.safeParse(reading.rows[0].input);
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => leadWorkbookColumn(String(i.path[0])));
    expect(fields).toEqual(
      expect.arrayContaining([
        'column G (Percent complete (0 to 100))',
        'column H (Commentary (what has happened this period))',
      ]),
    );
    expect(leadUpdateSchema.parse(reading.rows[1].input)).toMatchObject({
      status: 'BLOCKED',
      proposedDueDate: '2027-03-31',
    });
  });

  it('leaves other files alone: random bytes, other workbooks, a zip that unzips to far too much', async () => {
    expect(await readLeadWorkbook(Buffer.from('PK\u0003\u0004 not really a zip'))).toEqual({
      kind: 'not-ours',
    });
    expect(await readLeadWorkbook(Buffer.from('%PDF-1.4'))).toEqual({ kind: 'not-ours' });
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').getCell('A1').value = 'Request key';
    expect(await readLeadWorkbook(await save(other))).toEqual({ kind: 'not-ours' });
    const bomb = new ExcelJS.Workbook();
    const big = bomb.addWorksheet(LEAD_WORKBOOK_SHEET);
    big.getCell('A1').value = 'Request key';
    for (let r = 2; r < 400; r += 1) big.getCell(r, 8).value = `${r}${'x'.repeat(32_000)}`;
    expect(await readLeadWorkbook(await save(bomb))).toEqual({ kind: 'not-ours' });
  });
});
