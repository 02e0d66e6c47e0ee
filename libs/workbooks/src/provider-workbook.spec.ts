import ExcelJS from 'exceljs';
import { loadWorkbook as load } from '../../../test/support/workbook-rows';
import { buildLeadWorkbook } from './lead-workbook';
import {
  PROVIDER_WORKBOOK_SHEET,
  buildProviderWorkbook,
  providerWorkbookFileName,
  providerWorkbookKey,
  readProviderWorkbook,
} from './provider-workbook';

const SECRET = 'a-link-secret-of-at-least-32-characters';
const input = {
  partnershipName: 'Sandwell',
  financialYear: '2025-26',
  contactName: 'Alex Provider',
  services: ['Oak House refuge'],
  deadline: '2026-05-29T16:00:00.000Z',
  coordinatorEmail: 'da@sandwell.test',
  questions: [
    {
      key: 'Q01_BEDSPACES',
      section: '1. Accommodation',
      label: 'Bedspaces',
      guidance: 'At 31 March',
      type: 'count',
      cells: [
        { key: 'refuge', reference: 'Q01_BEDSPACES[refuge]', label: 'Refuge' },
        { key: 'dispersed', reference: 'Q01_BEDSPACES[dispersed]', label: 'Dispersed' },
      ],
    },
    {
      key: 'Q02_BY_AND_FOR',
      section: '1. Accommodation',
      label: 'By and for',
      type: 'yes-no',
      cells: [{ key: '', reference: 'Q02_BY_AND_FOR', label: '' }],
    },
    {
      key: 'Q09_SPEND',
      section: '9. Finance',
      label: 'Spend',
      type: 'money',
      cells: [{ key: '', reference: 'Q09_SPEND', label: '' }],
    },
  ],
  answers: { Q01_BEDSPACES: { refuge: 12 }, Q02_BY_AND_FOR: { '': { notCollected: true as const } } },
  key: providerWorkbookKey(SECRET, 'request-1'),
};

const save = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

describe("the provider's workbook", () => {
  it('is named for the year and the contact', () => {
    expect(providerWorkbookFileName('2025/26', 'Alex O’Provider')).toBe(
      'Figures_2025-26_Alex_OProvider.xlsx',
    );
  });

  it('lists a row per cell asked, the latest answers filled in, only the Answer column unlocked', async () => {
    const workbook = await load(await buildProviderWorkbook(input));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Instructions', PROVIDER_WORKBOOK_SHEET]);
    const sheet = workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Request key',
      'Reference',
      'Section',
      'Question',
      'Cell',
      'Answer',
    ]);
    expect(sheet.getColumn(1).hidden).toBe(true);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      input.key,
      'Q01_BEDSPACES[refuge]',
      '1. Accommodation',
      'Bedspaces',
      'Refuge',
      12,
    ]);
    expect(sheet.getCell('F3').value).toBeNull();
    expect(sheet.getCell('F4').value).toBe('not collected');
    expect(sheet.getCell('F4').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"yes,no,not collected"'],
    });
    expect(sheet.getCell('F2').protection).toMatchObject({ locked: false });
    expect(sheet.getCell('F2').fill).toMatchObject({ fgColor: { argb: 'FFFFF7BF' } });
    expect(sheet.getCell('B2').protection?.locked).not.toBe(false);
    expect((sheet as unknown as { sheetProtection: object }).sheetProtection).toMatchObject({ sheet: true });
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.headerFooter.oddHeader).toContain('OFFICIAL');
    const text = workbook.getWorksheet('Instructions')!.getColumn(1).values.join('\n');
    expect(text).toContain('29 May 2026');
    expect(text).toContain('reply to the request email with it attached');
    expect(text).toContain('DO NOT include personal information about victims');
  });

  it('is read back: the key, and each row with an answer as typed', async () => {
    const workbook = await load(await buildProviderWorkbook(input));
    const sheet = workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)!;
    sheet.getCell('F3').value = 4;
    sheet.getCell('F4').value = 'yes';
    sheet.getCell('F5').value = 1250.5;
    expect(await readProviderWorkbook(await save(workbook))).toEqual({
      kind: 'read',
      key: input.key,
      rows: [
        { rowNumber: 2, reference: 'Q01_BEDSPACES[refuge]', raw: '12' },
        { rowNumber: 3, reference: 'Q01_BEDSPACES[dispersed]', raw: '4' },
        { rowNumber: 4, reference: 'Q02_BY_AND_FOR', raw: 'yes' },
        { rowNumber: 5, reference: 'Q09_SPEND', raw: '1250.5' },
      ],
    });
  });

  it('leaves other files, and the lead workbook, as not ours', async () => {
    expect(await readProviderWorkbook(Buffer.from('%PDF-1.4'))).toEqual({ kind: 'not-ours' });
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet(PROVIDER_WORKBOOK_SHEET).getCell('A1').value = 'Budget';
    expect(await readProviderWorkbook(await save(foreign))).toEqual({ kind: 'not-ours' });
    const lead = await buildLeadWorkbook({
      partnershipName: 'Sandwell',
      leadName: 'Priya Shah',
      periodLabel: 'Q1 2026/27',
      deadline: '2026-07-10T16:00:00.000Z',
      coordinatorEmail: 'da@sandwell.test',
      rows: [],
    });
    expect(await readProviderWorkbook(lead)).toEqual({ kind: 'not-ours' });
  });

  it('gives the key as the file carries it, so a changed key matches no request', async () => {
    const workbook = await load(await buildProviderWorkbook(input));
    const sheet = workbook.getWorksheet(PROVIDER_WORKBOOK_SHEET)!;
    for (let n = 2; n <= 5; n += 1) sheet.getCell(n, 1).value = 'forged-key-00000';
    const reading = await readProviderWorkbook(await save(workbook));
    expect(reading).toMatchObject({ kind: 'read', key: 'forged-key-00000' });
    expect(providerWorkbookKey(SECRET, 'request-1')).not.toBe('forged-key-00000');
  });

  it('refuses rows pasted from another workbook, and a file grown too long', async () => {
    const pasted = await load(await buildProviderWorkbook(input));
    pasted.getWorksheet(PROVIDER_WORKBOOK_SHEET)!.getCell('A3').value = providerWorkbookKey(
      SECRET,
      'request-2',
    );
    expect(await readProviderWorkbook(await save(pasted))).toEqual({
      kind: 'unreadable',
      problem: expect.stringContaining('Row 3 is not from this workbook'),
    });
    const long = await load(await buildProviderWorkbook(input));
    long.getWorksheet(PROVIDER_WORKBOOK_SHEET)!.getCell('B2500').value = 'x';
    expect(await readProviderWorkbook(await save(long))).toMatchObject({ kind: 'unreadable' });
  });
});
