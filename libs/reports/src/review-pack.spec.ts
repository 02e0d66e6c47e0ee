import { readDocx } from '../../../test/support/docx';
import { readOoxml } from '../../../test/support/ooxml';
import { loadWorkbook, rowsOf } from '../../../test/support/workbook-rows';
import { reviewPack } from '../../../test/render/workbook-fixtures';
import { type ReviewPackData, readReviewPack } from './review-pack.data';
import { buildReviewNarrative } from './review-pack.document';
import { REVIEW_PACK_SHEETS, writeReviewPack } from './review-pack.workbook';

const empty = (): ReviewPackData => ({ ...reviewPack(), actions: [], kpis: [], returns: [] });

describe('the review pack reading', () => {
  const reading = readReviewPack(reviewPack());

  it('names what was never done, and why', () => {
    expect(reading.neverDone.map((n) => [n.action.ref, n.reasons])).toEqual([
      ['P2.1', ['Never started', 'Never answered', 'Overdue at the end']],
      ['P2.2', ['Never started']],
    ]);
    expect(reading.counts).toMatchObject({ actions: 32, complete: 1, notStarted: 2, overdue: 1 });
  });

  it('counts each partner’s requests on time, late and never answered; the one not yet due is left out of the rate', () => {
    const police = reading.responses.find((r) => r.organisation === 'Testshire Police')!;
    expect(police).toMatchObject({ sent: 40, onTime: 28, late: 0, never: 11, notYetDue: 1 });
    expect(police.rate).toBeCloseTo(28 / 39);
    const refuge = reading.responses.find((r) => r.organisation === 'Refuge Provider (Fictional) Ltd')!;
    // P1.2's late answer.
    expect(refuge.late).toBe(1);
  });

  it('reads a KPI over the period from its break in series, not across it', () => {
    const broken = reading.kpis.find((k) => k.kpi.code === 'DA-KPI-02')!;
    expect(broken.breaks).toEqual([broken.kpi.values[4].periodKey]);
    expect(broken.first?.periodKey).toBe(broken.kpi.values[4].periodKey);
    const whole = reading.kpis.find((k) => k.kpi.code === 'DA-KPI-03')!;
    expect(whole.first?.periodKey).toBe(whole.kpi.values[0].periodKey);
  });
});

describe('the review pack workbook', () => {
  it('has its seven sheets, each printed on A4 with OFFICIAL, its name and page numbers, read back by exceljs and as OOXML', async () => {
    const bytes = await writeReviewPack(reviewPack());
    const workbook = await loadWorkbook(bytes);
    const names = Object.values(REVIEW_PACK_SHEETS);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(names);
    for (const sheet of workbook.worksheets) {
      expect(sheet.pageSetup.paperSize).toBe(9);
      expect(sheet.headerFooter.oddHeader).toBe('&C&"Arial,Regular"&10OFFICIAL');
      expect(sheet.headerFooter.oddFooter).toBe(
        `&L&"Arial,Regular"&10${sheet.name}&R&"Arial,Regular"&10Page &P of &N`,
      );
    }
    const ooxml = await readOoxml(bytes);
    expect(ooxml.sheetNames).toEqual(names);
    expect(ooxml.sheet(REVIEW_PACK_SHEETS.history).frozen).toEqual({ xSplit: 0, ySplit: 1 });
    expect(ooxml.sheet(REVIEW_PACK_SHEETS.summary).cell('B3')?.numFmt).toBe('dd/mm/yyyy');
  });

  it('gives every action its whole history: updates in the lead’s words, evidence by name and link, dates moved, requests never answered', async () => {
    const workbook = await loadWorkbook(await writeReviewPack(reviewPack()));
    const history = rowsOf(workbook.getWorksheet(REVIEW_PACK_SHEETS.history)!);
    const of = (ref: string) => history.filter((h) => h.Ref === ref);
    expect(
      of('P1.2').find((h) => h.What === 'Due date moved')?.['Commentary (in the lead’s words) or detail'],
    ).toBe(
      'Proposed by the lead and approved: from 31/03/2026 to 31/03/2027. The commissioning timetable moved with the council’s budget cycle.',
    );
    expect(
      of('P1.2').some((h) =>
        h['Commentary (in the lead’s words) or detail']?.endsWith(
          'Proposed new due date 31/03/2027: approved.',
        ),
      ),
    ).toBe(true);
    expect(of('P2.1').every((h) => h.What === 'No update received')).toBe(true);
    expect(of('P2.1')).toHaveLength(7);
    expect(of('P1.1').find((h) => h.What === 'Closed by the coordinator')).toMatchObject({
      Status: 'Complete',
      RAG: 'Complete',
    });
    const evidence = history.map((h) => h['Evidence (names and links)']).filter(Boolean);
    expect(evidence).toContain(
      'Training attendance register and feedback summary:\nhttps://evidence.example.org/testshire/P1.1/0',
    );
    expect(evidence.some((e) => e.endsWith('(withheld)'))).toBe(true);

    const never = rowsOf(workbook.getWorksheet(REVIEW_PACK_SHEETS.neverDone)!);
    expect(never.map((n) => [n.Ref, n.Why])).toEqual([
      ['P2.1', 'Never started; Never answered; Overdue at the end'],
      ['P2.2', 'Never started'],
    ]);
    const returns = rowsOf(workbook.getWorksheet(REVIEW_PACK_SHEETS.returns)!);
    expect([...new Set(returns.map((r) => `${r['Financial year']}: ${r.Return}`))]).toEqual([
      '2024-25: Approved version 2 (14/07/2025)',
      '2025-26: DRAFT: not approved',
      '2026-27: No return in Waymark',
    ]);
    const kpis = rowsOf(workbook.getWorksheet(REVIEW_PACK_SHEETS.kpis)!);
    expect(kpis.filter((k) => k['Break in series'])).toHaveLength(1);
  });

  it('says so on each sheet when there is nothing to show', async () => {
    const workbook = await loadWorkbook(await writeReviewPack(empty()));
    expect(workbook.getWorksheet(REVIEW_PACK_SHEETS.actions)!.getCell('C2').value).toBe(
      'The plan has no actions.',
    );
    expect(workbook.getWorksheet(REVIEW_PACK_SHEETS.responses)!.getCell('A2').value).toBe(
      'No update requests were sent.',
    );
    expect(workbook.getWorksheet(REVIEW_PACK_SHEETS.kpis)!.getCell('B2').value).toBe(
      'No KPIs are recorded for this strategy.',
    );
  });
});

describe('the review narrative', () => {
  it('tells the board, in plain English, what was delivered, what was not, the KPIs’ direction and who answered', async () => {
    const doc = await readDocx(await buildReviewNarrative(reviewPack()));
    expect(doc.headers.join(' ')).toContain('OFFICIAL');
    expect(doc.footers.join(' ')).toContain('Page {PAGE} of {NUMPAGES}');
    expect(doc.styled.filter(([style]) => style === 'Heading1').map(([, t]) => t)).toEqual([
      'Delivery',
      'What was not done',
      'KPIs over the period',
      'Annual returns',
      'How partners answered update requests',
    ]);
    const text = doc.paragraphs.join('\n');
    expect(text).toContain(
      'The plan has 32 actions. 1 is complete (3% of those not cancelled), 0 cancelled and 31 still open',
    );
    expect(text).toContain('2 actions were never started');
    expect(text).toMatch(/DA-KPI-02 .*: .* from .*: (improving|worsening|no change)/);
    expect(text).toContain('The series was redefined from');
    expect(text).toContain('2025-26: a draft, not approved.');
    const [, notDone, responses] = doc.tables;
    expect(notDone.slice(1).map((row) => row[2])).toEqual([
      'Never started; Never answered; Overdue at the end',
      'Never started',
    ]);
    expect(responses.find((row) => row[0] === 'Testshire Police')).toEqual([
      'Testshire Police',
      '40',
      '28',
      '0',
      '11',
      '72%',
    ]);
  });

  it('reads sensibly for a plan with nothing recorded', async () => {
    const text = (await readDocx(await buildReviewNarrative(empty()))).paragraphs.join('\n');
    expect(text).toContain('The plan has no actions in Waymark.');
    expect(text).toContain('No KPIs are recorded for this strategy.');
    expect(text).toContain('No update requests were sent.');
  });
});
