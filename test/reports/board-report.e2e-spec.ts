// The board progress report, end to end on real components: the workbook downloaded from the API and read
// back with exceljs and with an independent OOXML reader; then the board's Temporal Schedule, triggered,
// building the report once and emailing it to every member over real SMTP, never twice.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { projectRoot } from '@waymark/config';
import { MailCatcherHandle, resolveTemporalCli, startMailCatcher } from '@waymark/devstack';
import { BoardReportDelivery } from '@waymark/reports';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { BoardReportSchedules, TemporalClient } from '@waymark/temporal';
import type { BoardReportRunResult } from '@waymark/workflows';
import { TestCaller, authed, createCaller } from '../support/auth';
import { binary } from '../support/binary';
import { eventually } from '../support/eventually';
import { readOoxml } from '../support/ooxml';
import { RunningWaymark, startWaymark } from '../support/waymark';
import { createBoardReportFixture } from './board-report.fixture';

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Column letters of a sheet's header row, by header text. */
function columnsOf(sheet: ExcelJS.Worksheet): Record<string, number> {
  const columns: Record<string, number> = {};
  sheet.getRow(1).eachCell((cell, col) => (columns[String(cell.value)] = col));
  return columns;
}

function rowOf(sheet: ExcelJS.Worksheet, ref: string): ExcelJS.Row {
  for (let r = 2; r <= sheet.rowCount; r += 1)
    if (sheet.getRow(r).getCell(1).value === ref) return sheet.getRow(r);
  throw new Error(`No row for ${ref} on ${sheet.name}`);
}

const argbOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);

describe('board progress report', () => {
  let catcher: MailCatcherHandle;
  let waymark: RunningWaymark;
  let fixture: Awaited<ReturnType<typeof createBoardReportFixture>>;
  let caller: TestCaller;

  beforeAll(async () => {
    catcher = await startMailCatcher({ log: () => undefined });
    waymark = await startWaymark({ SMTP_URL: catcher.smtpUrl });
    fixture = await createBoardReportFixture(waymark.prisma);
    caller = await createCaller(waymark.prisma, fixture.partnership.id);
  });

  afterAll(async () => {
    if (waymark && fixture) {
      await waymark.api
        .get(BoardReportSchedules)
        .handle(fixture.board.id)
        .delete()
        .catch(() => undefined);
    }
    await waymark?.stop();
    await catcher?.stop();
  });

  const http = () => authed(waymark.api.getHttpServer(), caller);
  const download = (query = '') =>
    http().get(`/api/strategies/${fixture.strategy.id}/reports/board${query}`).buffer(true).parse(binary);

  it('downloads the workbook for the current period, and reads back the same with exceljs and as OOXML', async () => {
    const res = await download(`?period=${fixture.period.key}`).expect(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(
        `^attachment; filename="testshire-[0-9a-f]{8}-board-report-${fixture.period.key}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`,
      ),
    );
    const bytes = res.body as Buffer;
    const sheetNames = [
      'Summary',
      'Exceptions',
      'Action register',
      'KPIs',
      'Updates this period',
      'Evidence index',
      'Provenance',
    ];

    // --- exceljs ---
    const workbook = await loadWorkbook(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(sheetNames);
    expect(workbook.creator).toBe('Waymark');

    const summary = workbook.getWorksheet('Summary')!;
    const headline: Record<string, unknown> = {};
    for (let r = 1; r <= 30; r += 1)
      headline[String(summary.getCell(r, 1).value)] = summary.getCell(r, 2).value;
    expect(headline).toMatchObject({
      'Actions (not counting cancelled)': 5,
      Complete: 1,
      'Percent of actions complete': 0.2,
      'Average progress reported': 0.34,
      Red: 1,
      Amber: 0,
      Green: 1,
      'Stale: no update this period': 2,
      Overdue: 1,
      'No named lead': 1,
      'Request not answered this period': 1,
    });
    expect(summary.getCell('A3').value).toBe(`Period: ${fixture.period.label}`);
    // Response rate by organisation this period.
    const rates: Record<string, unknown[]> = {};
    summary.eachRow((row) => {
      const name = String(row.getCell(1).value);
      if (name === 'Testshire Police' || name === 'Testshire Housing')
        rates[name] = [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value];
    });
    expect(rates).toEqual({ 'Testshire Police': [1, 1, 1], 'Testshire Housing': [1, 0, 0] });

    const register = workbook.getWorksheet('Action register')!;
    const col = columnsOf(register);
    expect(Object.keys(col)).toEqual([
      'Ref',
      'Priority',
      'Action',
      'Lead organisation',
      'Lead officer',
      'Due date',
      'Due date as written in the plan',
      'Status',
      'RAG',
      '% complete',
      'Last update',
      'Latest commentary (in the lead’s words)',
      'Evidence items',
    ]);
    const refs: unknown[] = [];
    register.eachRow((row, n) => n > 1 && refs.push(row.getCell(1).value));
    expect(refs).toEqual(['P1.1', 'P1.2', 'P1.10', 'P2.1', 'P2.2', 'P2.3']);
    const rag = (ref: string) => rowOf(register, ref).getCell(col.RAG);
    expect([rag('P1.1').value, argbOf(rag('P1.1'))]).toEqual(['Green', 'FFCCE2D8']);
    expect([rag('P1.2').value, argbOf(rag('P1.2'))]).toEqual(['Red', 'FFF4CDC6']);
    expect([rag('P2.1').value, argbOf(rag('P2.1'))]).toEqual(['Stale', 'FFE5E6E7']);
    expect([rag('P2.3').value, argbOf(rag('P2.3'))]).toEqual(['Complete', 'FFBBD4EA']);
    expect([rag('P1.10').value, argbOf(rag('P1.10'))]).toEqual(['Not rated', undefined]);
    const onTrack = rowOf(register, 'P1.1');
    expect(onTrack.getCell(col['Latest commentary (in the lead’s words)']).value).toBe(
      'Two of five teams trained & the rest booked for January.',
    );
    expect(onTrack.getCell(col['Lead organisation']).value).toBe('Testshire Police');
    expect(onTrack.getCell(col['Lead officer']).value).toBe('Sam Fictional');
    expect(onTrack.getCell(col['Due date']).value).toEqual(new Date('2027-03-31T00:00:00Z'));
    expect(onTrack.getCell(col['Due date']).numFmt).toBe('dd/mm/yyyy');
    expect(onTrack.getCell(col['Due date as written in the plan']).value).toBe('March 2027');
    expect(onTrack.getCell(col['% complete']).value).toBe(0.4);
    expect(onTrack.getCell(col['% complete']).numFmt).toBe('0%');
    expect(onTrack.getCell(col['Evidence items']).value).toBe(1);
    expect(onTrack.getCell(col['Latest commentary (in the lead’s words)']).alignment).toMatchObject({
      wrapText: true,
    });
    expect(rowOf(register, 'P2.2').getCell(col['Lead organisation']).value).toBe(
      'Community Safety Partnership?',
    );
    expect(register.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(register.autoFilter).toBe('A1:M7');
    // Thirteen columns once printed at about 55%: now widths from content, the wrapping ones narrowed a
    // little, fit one page's width at 70% or more, the header row repeated on each page.
    expect(register.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    });
    expect(register.pageSetup.printTitlesColumn).toBeUndefined();
    expect(register.getColumn(col.Action).width).toBeLessThanOrEqual(40);
    expect(register.getColumn(col.Action).width).toBeGreaterThan(20);

    const exceptions = workbook.getWorksheet('Exceptions')!;
    const ex = columnsOf(exceptions);
    const exceptionRows = [2, 3, 4].map((r) => exceptions.getRow(r));
    expect(exceptionRows.map((r) => r.getCell(1).value)).toEqual(['P1.2', 'P2.1', 'P2.2']);
    expect(exceptions.rowCount).toBe(4);
    expect(exceptionRows[0].getCell(ex['Why it is an exception']).value).toBe(
      'Red; Overdue (due 31/03/2020)',
    );
    expect(exceptionRows[1].getCell(ex['Why it is an exception']).value).toMatch(
      /^Stale \(last update \d\d\/\d\d\/\d{4}\); Not answered \(chased 3 times this period\)$/,
    );
    expect(exceptionRows[1].getCell(ex['Times chased this period']).value).toBe(3);
    expect(exceptionRows[1].getCell(ex['Times chased in total']).value).toBe(4);
    expect(exceptionRows[2].getCell(ex['Why it is an exception']).value).toBe(
      'Stale (never updated); No named lead',
    );

    const kpis = workbook.getWorksheet('KPIs')!;
    const k = columnsOf(kpis);
    const marac = rowOf(kpis, 'TS-MARAC-REPEAT');
    expect(marac.getCell(k['Latest period']).value).toBe(fixture.kpiYears.last);
    expect(marac.getCell(k['Latest value']).value).toBeCloseTo(0.31);
    expect(marac.getCell(k['Latest value']).numFmt).toBe('0.0%');
    expect(marac.getCell(k['Value status']).value).toBe('Confirmed (revision 2)');
    expect(marac.getCell(k.Target).value).toBeCloseTo(0.3);
    expect([marac.getCell(k.RAG).value, argbOf(marac.getCell(k.RAG))]).toEqual(['Amber', 'FFFCD6C3']);
    expect(marac.getCell(k['Direction of travel']).value).toBe('▲ Improving');
    expect(marac.getCell(k.Baseline).value).toBeCloseTo(0.38);
    // The latest figure is a year old and the year after it has ended: stale, not its old colour.
    const spend = rowOf(kpis, 'TS-SPEND');
    expect(spend.getCell(k['Latest period']).value).toBe(fixture.kpiYears.before);
    expect(spend.getCell(k['Latest value']).value).toBe(120000.5);
    expect(spend.getCell(k['Latest value']).numFmt).toBe('"£"#,##0.00');
    expect(spend.getCell(k.RAG).value).toBe('Stale');
    expect(spend.getCell(k.Note).value).toBe(
      `Stale: no figure for the period after the latest. ${fixture.kpiYears.last} not supplied: Awaiting the finance team.`,
    );
    // Fixed bands rate a KPI without a target.
    const homeless = rowOf(kpis, 'TS-HOMELESS');
    expect([homeless.getCell(k.Target).value, homeless.getCell(k.RAG).value]).toEqual(['No target', 'Amber']);

    // The sheet's RAG and direction of travel are the admin API's, KPI by KPI.
    const {
      body: { items: listed },
    } = await http().get('/api/kpis?limit=100').expect(200);
    const ragWord = (s: { rag: string | null; stale: boolean; latest: unknown }) =>
      s.latest === null
        ? 'Not rated'
        : s.stale
          ? 'Stale'
          : s.rag
            ? s.rag[0] + s.rag.slice(1).toLowerCase()
            : 'Not rated';
    const fromApi = (
      listed as { code: string; status: { rag: string | null; stale: boolean; latest: unknown } }[]
    )
      .map((kpi) => [kpi.code, ragWord(kpi.status)])
      .sort();
    const fromSheet = ['TS-HOMELESS', 'TS-MARAC-REPEAT', 'TS-SPEND'].map((code) => [
      code,
      rowOf(kpis, code).getCell(k.RAG).value,
    ]);
    expect(fromSheet).toEqual(fromApi);
    expect(kpis.getImages()).toHaveLength(1);
    expect(summary.getImages()).toHaveLength(1);

    const updates = workbook.getWorksheet('Updates this period')!;
    expect(updates.rowCount).toBe(4);
    const evidence = workbook.getWorksheet('Evidence index')!;
    const e = columnsOf(evidence);
    expect(rowOf(evidence, 'P1.1').getCell(e.Link).value).toEqual({
      text: 'https://training.example.org/coercive-control-course',
      hyperlink: 'https://training.example.org/coercive-control-course',
    });
    expect(rowOf(evidence, 'P2.1').getCell(e.Link).value).toBe('Withheld: quarantined by the coordinator');

    const provenance = workbook.getWorksheet('Provenance')!;
    const figures: Record<string, unknown[]> = {};
    provenance.eachRow((row, n) => {
      if (n > 1)
        figures[String(row.getCell(1).value)] = [
          row.getCell(2).value,
          row.getCell(4).value,
          row.getCell(5).value,
        ];
    });
    expect(figures['P1.1 status, RAG and % complete']).toEqual([
      'On track, Green, 40%',
      expect.stringMatching(/^Update [0-9a-f-]{36} \(Online form\)/),
      'Sam Fictional (Testshire Police)',
    ]);
    expect(
      figures[
        `TS-MARAC-REPEAT High-risk MARAC victims: percentage of repeat cases, ${fixture.kpiYears.last}`
      ],
    ).toEqual(['31.0%', 'SafeLives MARAC data return; confirmed, revision 2', 'MARAC coordinator']);
    // A link within the workbook, as a formula both Excel and LibreOffice follow.
    expect(provenance.getCell('C2').value).toEqual({
      formula: `HYPERLINK("#'Summary'!B10","Summary!B10")`,
      result: 'Summary!B10',
    });
    expect(figures['Red']).toEqual([
      1,
      expect.stringMatching(/^Calculated by Waymark/),
      'Waymark (calculated)',
    ]);

    // --- OOXML, without exceljs ---
    const xml = await readOoxml(bytes);
    expect(xml.sheetNames).toEqual(sheetNames);
    const reg = xml.sheet('Action register');
    expect(reg.frozen).toEqual({ xSplit: 0, ySplit: 1 });
    expect(reg.autoFilter).toBe('A1:M7');
    expect(reg.fitToPage).toBe(true);
    expect(reg.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToWidth: '1',
      fitToHeight: '0',
      paperSize: '9',
    });
    const registerIndex = String(sheetNames.indexOf('Action register'));
    expect(xml.definedNames).toContainEqual({
      name: '_xlnm.Print_Titles',
      localSheetId: registerIndex,
      value: "'Action register'!$1:$1",
    });
    expect(reg.cell('A1')).toMatchObject({ value: 'Ref', fill: 'FFF3F2F1' });
    expect(reg.cell('I3')).toMatchObject({ value: 'Red', fill: 'FFF4CDC6' });
    expect(reg.cell('I5')).toMatchObject({ value: 'Stale', fill: 'FFE5E6E7' });
    // 31 March 2027 as an Excel serial date, shown day/month/year.
    expect(reg.cell('F2')).toMatchObject({ value: 46477, numFmt: 'dd/mm/yyyy' });
    expect(reg.cell('J2')).toMatchObject({ value: 0.4, numFmt: '0%' });
    expect(xml.sheet('KPIs').row(2)).toMatchObject({ H: { value: 'Amber', fill: 'FFFCD6C3' } });
    for (const name of ['Summary', 'KPIs']) {
      const [image] = xml.sheet(name).images;
      expect(image).toMatch(/^xl\/media\/.+\.png$/);
      expect((await xml.file(image)).subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    }
    expect(xml.sheet('Summary').pageSetup).toMatchObject({ orientation: 'landscape' });
    expect(xml.properties['dc:creator']).toBe('Waymark');
  });

  it('refuses a period that is not one, or has not started, and a strategy that does not exist', async () => {
    const bad = await http()
      .get(`/api/strategies/${fixture.strategy.id}/reports/board?period=2026-28-Q3`)
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/not a reporting period|must be a quarter/);
    const future = await http()
      .get(`/api/strategies/${fixture.strategy.id}/reports/board?period=2099-00-Q1`)
      .expect(400);
    expect(future.body.detail).toMatch(/^Quarter 1 2099\/00 \(April to June 2099\) has not started yet$/);
    await http().get(`/api/strategies/${fixture.strategy.id}/reports/board?period=2099-12`).expect(400);
    await http().get('/api/strategies/00000000-0000-4000-8000-000000000000/reports/board').expect(404);
  });

  it("schedules the board's report before each meeting, and a triggered run emails every member once", async () => {
    const boardId = fixture.board.id;
    const synced = await http()
      .put(`/api/boards/${boardId}/report-schedule`)
      .send({ workingDaysBefore: 3 })
      .expect(200);
    expect(synced.body).toMatchObject({ scheduleId: `board-report/${boardId}`, workingDaysBefore: 3 });
    // The past meeting has no run; each run is 07:00 London time three working days before its meeting.
    expect(synced.body.runs.map((r: { meetsOn: string }) => r.meetsOn)).toEqual([
      fixture.meetings.next,
      fixture.meetings.later,
    ]);
    for (const run of synced.body.runs as { meetsOn: string; reportAt: string }[]) {
      const reportAt = new Date(run.reportAt);
      expect([0, 6]).not.toContain(reportAt.getUTCDay());
      expect(reportAt < new Date(`${run.meetsOn}T00:00:00Z`)).toBe(true);
      expect(reportAt.toLocaleTimeString('en-GB', { timeZone: 'Europe/London' })).toBe('07:00:00');
    }
    // Syncing again is idempotent: the same schedule, updated.
    await http().put(`/api/boards/${boardId}/report-schedule`).send({}).expect(200);
    const schedules = waymark.api.get(BoardReportSchedules);
    const handle = schedules.handle(boardId);
    const described = await handle.describe();
    expect(described.spec.calendars).toHaveLength(2);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'boardReportWorkflow' });
    expect(described.state.note).toBe('Board report 3 working days before each meeting');
    expect(
      (await waymark.prisma.board.findUniqueOrThrow({ where: { id: boardId } })).reportWorkingDaysBefore,
    ).toBe(3);

    // Run it now instead of waiting for the calendar.
    const temporal = waymark.api.get(TemporalClient);
    const runResult = async (index: number) => {
      const actions = await eventually(async () => {
        const { info } = await handle.describe();
        expect(info.recentActions.length).toBeGreaterThan(index);
        return info.recentActions;
      });
      const { workflowId, firstExecutionRunId } = actions[index].action.workflow;
      return (await temporal.client.workflow
        .getHandle(workflowId, firstExecutionRunId)
        .result()) as BoardReportRunResult;
    };
    await handle.trigger();
    const members = [fixture.members.chair, fixture.members.sam, fixture.members.robin];
    const emails = await Promise.all(
      members.map((m) =>
        catcher.waitFor((msg) => msg.to.includes(m.email) && msg.subject.includes('progress report'), 60_000),
      ),
    );
    const report = await waymark.prisma.boardReport.findUniqueOrThrow({
      where: { boardId_meetingId: { boardId, meetingId: (await meetingOn(fixture.meetings.next)).id } },
    });
    expect(await runResult(0)).toEqual({
      outcome: 'delivered',
      reportId: report.id,
      meetsOn: fixture.meetings.next,
      sent: 3,
      alreadySent: 0,
      skipped: 0,
    });
    for (const [i, email] of emails.entries()) {
      expect(email.subject).toMatch(
        /^Testshire Domestic Abuse Local Partnership Board: progress report for the meeting on \w+day \d+ \w+ \d{4}$/,
      );
      expect(email.text).toContain(`Dear ${members[i].name}`);
      expect(email.text).toContain('5 actions (not counting cancelled), 1 complete (20%)');
      expect(email.text).toContain('1 red, 0 amber, 1 green');
      expect(email.text).toContain(
        '- P1.2 Run a domestic abuse awareness campaign: Red; Overdue (due 31/03/2020)',
      );
      expect(email.html).toContain('Commission additional refuge bedspaces');
      expect(email.replyTo).toEqual([fixture.partnership.coordinatorEmail]);
      expect(email.attachments).toHaveLength(1);
      const [attachment] = email.attachments;
      expect(attachment.filename).toBe(report.fileName);
      expect(attachment.contentType).toBe(XLSX_CONTENT_TYPE);
      expect(attachment.content.equals(Buffer.from(report.content))).toBe(true);
    }
    const attached = await loadWorkbook(emails[0].attachments[0].content);
    expect(attached.getWorksheet('Summary')!.getCell('A5').value).toBe(
      'For the Testshire Domestic Abuse Local Partnership Board meeting on',
    );
    expect(catcher.messages().filter((m) => m.to.includes(fixture.members.former.email))).toHaveLength(0);

    if (process.env.WAYMARK_RECORD_HISTORIES)
      await recordHistory((await handle.describe()).info.recentActions[0].action.workflow);

    // A second run for the same meeting reuses the report and sends nothing new.
    await handle.trigger();
    expect(await runResult(1)).toEqual({
      outcome: 'delivered',
      reportId: report.id,
      meetsOn: fixture.meetings.next,
      sent: 0,
      alreadySent: 3,
      skipped: 0,
    });
    // A retried send activity does not mail twice either.
    const member = await waymark.prisma.boardMember.findFirstOrThrow({
      where: { boardId, contactId: fixture.members.chair.id },
    });
    await expect(waymark.worker.get(BoardReportDelivery).send(report.id, member.id)).resolves.toEqual({
      outcome: 'already-sent',
    });
    expect(catcher.messages().filter((m) => m.subject.includes('progress report'))).toHaveLength(3);
    expect(await waymark.prisma.boardReport.count({ where: { boardId } })).toBe(1);
    expect(
      await waymark.prisma.outboundEmail.count({
        where: { idempotencyKey: { startsWith: `board-report/${boardId}/` } },
      }),
    ).toBe(3);
    expect(
      await waymark.prisma.auditEvent.count({ where: { event: 'board-report.built', entityId: report.id } }),
    ).toBe(1);
  });

  it('refuses a bad schedule change and an unknown board', async () => {
    await http()
      .put(`/api/boards/${fixture.board.id}/report-schedule`)
      .send({ workingDaysBefore: -1 })
      .expect(400);
    await http().put('/api/boards/00000000-0000-4000-8000-000000000000/report-schedule').send({}).expect(404);
  });

  /** Keeps the run's history for test/workflows/replay (the CLI writes the JSON form historyFromJSON reads). */
  async function recordHistory(run: { workflowId: string; firstExecutionRunId: string }) {
    const cli = await resolveTemporalCli({ projectRoot: projectRoot(), build: false });
    const json = execFileSync(cli, [
      'workflow',
      'show',
      '--workflow-id',
      run.workflowId,
      '--run-id',
      run.firstExecutionRunId,
      '--address',
      waymark.config.TEMPORAL_ADDRESS,
      '--output',
      'json',
    ]);
    writeFileSync(join(__dirname, '../workflows/histories/board-report-delivered.json'), json);
  }

  function meetingOn(isoDate: string) {
    return waymark.prisma.boardMeeting.findFirstOrThrow({
      where: { boardId: fixture.board.id, meetsOn: new Date(`${isoDate}T00:00:00Z`) },
    });
  }
});
