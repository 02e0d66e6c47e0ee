import ExcelJS from 'exceljs';
import { withBombEntry } from '../../../test/support/zip-bomb';
import { loadReturnedWorkbook } from './returned-workbook';
import { checkZipInflates } from './zip-guard';

async function smallWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Updates').getCell('A1').value = 'Request key';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('inflating a returned zip with the bytes counted', () => {
  it('inflates a workbook within the limit, counting what it really gives', async () => {
    const check = await checkZipInflates(await smallWorkbook(), 1_000_000);
    expect(check).toEqual({ kind: 'ok', inflated: expect.any(Number) });
    expect(check.kind === 'ok' && check.inflated).toBeGreaterThan(1000);
  });

  it('stops a zip that declares 1 kB and inflates to 400 MB at once, and the returned workbook with it', async () => {
    const bomb = withBombEntry(await smallWorkbook(), 'xl/media/image1.png', 400 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1_000_000);
    let started = Date.now();
    expect((await checkZipInflates(bomb, 5_000_000)).kind).not.toBe('ok');
    expect(Date.now() - started).toBeLessThan(500);
    // The returned-workbook reader refuses it before exceljs unzips anything (trusting the declared 1 kB,
    // it used to inflate all 400 MB first).
    started = Date.now();
    expect(await loadReturnedWorkbook(bomb)).toBeNull();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('stops at the limit a zip whose entries declare what they give, counting no more than one chunk past it', async () => {
    const bomb = withBombEntry(
      await smallWorkbook(),
      'xl/media/image1.png',
      20 * 1024 * 1024,
      20 * 1024 * 1024,
    );
    const check = await checkZipInflates(bomb, 5_000_000);
    expect(check).toEqual({ kind: 'too-large', inflated: expect.any(Number) });
    expect(check.kind === 'too-large' && check.inflated).toBeLessThan(5_000_000 + 128 * 1024);
  });

  it('calls bytes that are not a zip unreadable', async () => {
    const check = await checkZipInflates(Buffer.from('PK\u0003\u0004 and then nothing'), 1_000_000);
    expect(check.kind).toBe('unreadable');
  });
});
