// The strategy review's look-back pack, end to end on real components: a strategy whose actions span several
// periods (answered on time, late, never answered, a due date moved twice, completed), a KPI with a break in
// its series, an approved annual return being amended and a draft one. The workbook is downloaded from the
// API and read back with exceljs and with the independent OOXML reader; the narrative with the docx reader.
import { randomBytes } from 'node:crypto';
import { reportingPeriodByKey } from '@waymark/calendar';
import { ActionControls } from '@waymark/chasing';
import { defaultReturnTemplate } from '@waymark/return-template';
import { DOCX_CONTENT_TYPE, REVIEW_PACK_SHEETS } from '@waymark/reports';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { httpAs } from '../support/auth';
import { binary } from '../support/binary';
import { readDocx } from '../support/docx';
import { createPartnership } from '../support/fixtures';
import { readOoxml } from '../support/ooxml';
import { waymarkSuite } from '../support/suite';
import { loadWorkbook, rowsOf } from '../support/workbook-rows';

const DAY = 24 * 60 * 60 * 1000;
const QUARTERS = ['2025-26-Q1', '2025-26-Q2', '2025-26-Q3'].map((key) => reportingPeriodByKey(key)!);

describe('strategy review look-back pack', () => {
  const suite = waymarkSuite();

  /** A strategy with one of each case the pack must show; returns what the test checks against. */
  async function seed() {
    const { prisma } = suite.waymark;
    const { partnership, organisation: police, lead: sam, strategy, priority } = suite.fixture;
    const partnershipId = partnership.id;
    await prisma.strategy.update({
      where: { id: strategy.id },
      data: { periodStart: new Date('2024-01-05'), periodEnd: new Date('2027-01-04') },
    });
    const housing = await prisma.organisation.create({
      data: { partnershipId, name: 'Testshire Housing', kind: 'HOUSING' },
    });
    const robin = await prisma.contact.create({
      data: {
        partnershipId,
        organisationId: housing.id,
        name: 'Robin Fictional',
        email: `robin.${partnershipId.slice(0, 8)}@housing.example.org`,
      },
    });
    const action = (
      ref: string,
      title: string,
      lead: { id: string; organisationId: string } | null,
      dueDate: string,
    ) =>
      prisma.action.create({
        data: {
          partnershipId,
          strategyId: strategy.id,
          priorityId: priority.id,
          ref,
          title,
          text: `${title}.`,
          leadContactId: lead?.id ?? null,
          dueDate: new Date(dueDate),
          dueDateText: dueDate,
          dueDateParse: 'PARSED',
          createdAt: new Date('2025-04-01'),
          leadOrganisations: lead ? { create: [{ organisationId: lead.organisationId }] } : undefined,
        },
      });
    const samLead = { id: sam.id, organisationId: police.id };
    const completed = await action(
      'P1.1',
      'Train response officers in coercive control',
      samLead,
      '2026-03-31',
    );
    const extended = await action(
      'P1.2',
      'Commission refuge bedspaces',
      { id: robin.id, organisationId: housing.id },
      '2026-03-31',
    );
    const silent = await action('P1.3', 'Run an awareness campaign', samLead, '2025-12-31');
    const unowned = await action('P1.4', 'Review the sanctuary scheme', null, '2027-03-31');

    const request = (
      actionId: string,
      leadContactId: string,
      q: number,
      answered: 'on time' | 'late' | null,
    ) => {
      const period = QUARTERS[q];
      const respondBy = new Date(period.end.getTime() - 5 * DAY);
      return prisma.updateRequest.create({
        data: {
          partnershipId,
          actionId,
          leadContactId,
          periodKey: period.key,
          periodEnd: period.end,
          respondBy,
          expiresAt: period.end,
          tokenNonce: randomBytes(16).toString('base64url'),
          tokenHash: randomBytes(32).toString('hex'),
          state: answered ? 'ANSWERED' : 'EXPIRED',
          sentAt: new Date(respondBy.getTime() - 14 * DAY),
          answeredAt: answered ? new Date(respondBy.getTime() + (answered === 'late' ? 3 : -2) * DAY) : null,
          remindersSent: answered ? 0 : 2,
          createdAt: new Date(respondBy.getTime() - 14 * DAY),
        },
      });
    };
    const update = (
      actionId: string,
      contactId: string,
      r: { id: string; answeredAt: Date | null },
      status: 'ON_TRACK' | 'AT_RISK' | 'COMPLETE',
      commentary: string,
      proposedDueDate?: string,
    ) =>
      prisma.update.create({
        data: {
          partnershipId,
          actionId,
          updateRequestId: r.id,
          channel: 'FORM',
          submittedByContactId: contactId,
          status,
          percentComplete: status === 'COMPLETE' ? 100 : 50,
          commentary,
          proposedDueDate: proposedDueDate ? new Date(proposedDueDate) : null,
          approvalState: proposedDueDate ? 'PENDING' : 'NOT_REQUIRED',
          submittedAt: r.answeredAt!,
        },
      });

    // P1.1: answered on time each quarter, then completed and closed by the coordinator.
    const statuses = ['ON_TRACK', 'ON_TRACK', 'COMPLETE'] as const;
    for (const q of [0, 1, 2]) {
      const r = await request(completed.id, sam.id, q, 'on time');
      await update(
        completed.id,
        sam.id,
        r,
        statuses[q],
        `Quarter ${q + 1}: ${q === 2 ? 'all teams trained' : 'training under way'}.`,
      );
    }
    await prisma.action.update({
      where: { id: completed.id },
      data: {
        status: 'COMPLETE',
        closedAt: new Date(QUARTERS[2].end.getTime() + DAY),
        closingNote: 'Delivered.',
      },
    });

    // P1.2: answered late, a later date proposed and approved, then moved again by the coordinator; evidence.
    const late = await request(extended.id, robin.id, 0, 'late');
    const proposal = await update(
      extended.id,
      robin.id,
      late,
      'AT_RISK',
      'No provider bid for the second lot.',
      '2026-09-30',
    );
    const onTime = await request(extended.id, robin.id, 1, 'on time');
    await update(extended.id, robin.id, onTime, 'ON_TRACK', 'Retendered; two bids received.');
    await prisma.evidence.createMany({
      data: [
        {
          partnershipId,
          actionId: extended.id,
          updateId: proposal.id,
          kind: 'LINK',
          url: 'https://intranet.example.org/tender-notice',
        },
        {
          partnershipId,
          actionId: extended.id,
          kind: 'FILE',
          fileName: 'tender-report.pdf',
          contentType: 'application/pdf',
          sizeBytes: 1024,
          sha256: 'b'.repeat(64),
          storageKey: 'evidence-file',
          quarantinedAt: new Date(),
        },
      ],
    });
    const controls = suite.waymark.worker.get(ActionControls, { strict: false });
    await controls.apply({
      kind: 'decide-proposed-date',
      actionId: extended.id,
      updateId: proposal.id,
      approve: true,
      actor: 'coordinator',
    });
    await controls.apply({
      kind: 'change-due-date',
      actionId: extended.id,
      dueDate: '2027-03-31',
      reason: 'The budget moved a year.',
      actor: 'coordinator',
    });

    // P1.3: asked twice, never answered, and past its due date.
    await request(silent.id, sam.id, 0, null);
    await request(silent.id, sam.id, 1, null);

    // A quarterly KPI redefined from Q3: only Q3 and Q4 are compared.
    const kpi = await prisma.kpi.create({
      data: {
        partnershipId,
        strategyId: strategy.id,
        code: 'TS-REPEAT-REFERRALS',
        name: 'Repeat referrals within twelve months',
        unit: 'COUNT',
        direction: 'LOWER_IS_BETTER',
        frequency: 'QUARTERLY',
        createdAt: new Date('2025-04-01'),
        targets: { create: [{ periodKey: '2025-26-Q4', value: 50 }] },
      },
    });
    const values: [string, number, boolean][] = [
      ['2025-26-Q1', 30, false],
      ['2025-26-Q2', 35, false],
      ['2025-26-Q3', 60, true],
      ['2025-26-Q4', 55, false],
    ];
    await prisma.kpiValue.createMany({
      data: values.map(([key, value, seriesBreak]) => {
        const period = reportingPeriodByKey(key)!;
        return {
          kpiId: kpi.id,
          periodKey: key,
          periodStart: period.start,
          periodEnd: new Date(period.end.getTime() - DAY),
          value,
          seriesBreak,
          note: seriesBreak ? 'Counted from the new case system.' : null,
          createdAt: new Date('2026-05-01'),
        };
      }),
    });

    // 2024-25: approved (version 1, 98 people), and being amended (a new draft figure, 120); 2025-26: a draft.
    const http = suite.http();
    await http
      .post('/api/return-templates')
      .send({ ...defaultReturnTemplate(), financialYear: '2024-25' })
      .expect(201);
    const open = async (financialYear: string, total: number) => {
      const opened = (await suite.http().post('/api/returns').send({ financialYear }).expect(201)).body;
      await suite
        .http()
        .put(`/api/returns/${opened.id}/figures`)
        .send({ answers: { Q04_INDIVIDUALS_TOTAL: { '': total } } })
        .expect(200);
      return opened.id as string;
    };
    const approvedId = await open('2024-25', 98);
    const stored = await prisma.annualReturn.findUniqueOrThrow({ where: { id: approvedId } });
    const approval = await prisma.returnApproval.create({
      data: {
        returnId: approvedId,
        signatoryName: 'Jo Signatory',
        signatoryEmail: 'jo.signatory@council.example.org',
        requestedBy: suite.caller.userId,
        tokenNonce: randomBytes(16).toString('base64url'),
        tokenHash: randomBytes(32).toString('hex'),
        expiresAt: new Date(Date.now() + 60 * DAY),
        state: 'APPROVED',
        decidedAt: new Date('2025-07-14T10:00:00Z'),
      },
    });
    await prisma.returnVersion.create({
      data: {
        returnId: approvedId,
        version: 1,
        content: {
          financialYear: '2024-25',
          template: { id: stored.templateVersionId },
          figures: [{ questionKey: 'Q04_INDIVIDUALS_TOTAL', cellKey: '', value: 98 }],
        },
        sha256: 'c'.repeat(64),
        approvedByName: 'Jo Signatory',
        approvedByEmail: 'jo.signatory@council.example.org',
        approvedAt: new Date('2025-07-14T10:00:00Z'),
        approvalRequestId: approval.id,
      },
    });
    await prisma.returnFigure.create({
      data: {
        returnId: approvedId,
        questionKey: 'Q04_INDIVIDUALS_TOTAL',
        cellKey: '',
        revision: 99,
        value: 120,
        source: 'coordinator',
        enteredBy: suite.caller.userId,
      },
    });
    await open('2025-26', 106);
    return { strategy, actions: { completed, extended, silent, unowned } };
  }

  let seeded: Awaited<ReturnType<typeof seed>>;
  const download = (path: string) => suite.http().get(path).buffer(true).parse(binary);

  it('downloads the pack workbook: every action’s history, what was never done, KPIs, returns and responses, read back by two readers', async () => {
    seeded = await seed();
    const res = await download(`/api/strategies/${seeded.strategy.id}/review-pack`).expect(200);
    expect(res.headers['content-type']).toBe(XLSX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="testshire-[0-9a-f]{8}-review-pack-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const bytes = res.body as Buffer;
    const workbook = await loadWorkbook(bytes);
    const sheet = (name: string) => rowsOf(workbook.getWorksheet(name)!);

    const actions = sheet(REVIEW_PACK_SHEETS.actions);
    expect(
      actions.map((a) => [a.Ref, a.Status, a.RAG, a['Times the due date moved'], a['Requests answered']]),
    ).toEqual([
      ['P1.1', 'Complete', 'Complete', '0', '3'],
      ['P1.2', 'On track', 'Green', '2', '2'],
      ['P1.3', 'Not started', 'Red', '0', '0'],
      ['P1.4', 'Not started', 'Not rated', '0', '0'],
    ]);
    expect(actions[0]['Closing note']).toBe('Delivered.');

    const history = sheet(REVIEW_PACK_SHEETS.history);
    const detail = 'Commentary (in the lead’s words) or detail';
    const of = (ref: string) => history.filter((h) => h.Ref === ref);
    expect(of('P1.1').map((h) => [h.Period, h.What, h.Status])).toEqual([
      ['2025-26-Q1', 'Update (Online form)', 'On track'],
      ['2025-26-Q2', 'Update (Online form)', 'On track'],
      ['2025-26-Q3', 'Update (Online form)', 'Complete'],
      ['', 'Closed by the coordinator', 'Complete'],
    ]);
    const p12 = of('P1.2');
    expect(p12.find((h) => h.Period === '2025-26-Q1')).toMatchObject({
      [detail]: 'No provider bid for the second lot.\nProposed new due date 30/09/2026: approved.',
      'Evidence (names and links)': 'https://intranet.example.org/tender-notice',
      By: 'Robin Fictional (Testshire Housing)',
    });
    expect(p12.filter((h) => h.What === 'Due date moved').map((h) => h[detail])).toEqual([
      'Proposed by the lead and approved: from 31/03/2026 to 30/09/2026',
      'Changed by the coordinator: from 30/09/2026 to 31/03/2027. The budget moved a year.',
    ]);
    expect(p12.find((h) => h.What === 'Evidence added')?.['Evidence (names and links)']).toBe(
      'tender-report.pdf (withheld)',
    );
    expect(of('P1.3').map((h) => [h.Period, h.What])).toEqual([
      ['2025-26-Q1', 'No update received'],
      ['2025-26-Q2', 'No update received'],
    ]);

    expect(sheet(REVIEW_PACK_SHEETS.neverDone).map((n) => [n.Ref, n.Why])).toEqual([
      ['P1.3', 'Never started; Never answered; Overdue at the end'],
      ['P1.4', 'Never started'],
    ]);
    expect(
      sheet(REVIEW_PACK_SHEETS.responses).map((r) => [
        r.Organisation,
        r['Requests sent'],
        r['Answered on time'],
        r['Answered late'],
        r['Never answered'],
        Math.round(Number(r['Response rate']) * 100),
      ]),
    ).toEqual([
      ['Testshire Housing', '2', '1', '1', '0', 100],
      ['Testshire Police', '5', '3', '0', '2', 60],
      ['All organisations', '7', '4', '1', '2', 71],
    ]);
    const kpis = sheet(REVIEW_PACK_SHEETS.kpis);
    expect(kpis.map((k) => [k.Period, k.Value, k['Break in series']])).toEqual([
      ['2025-26-Q1', '30', ''],
      ['2025-26-Q2', '35', ''],
      ['2025-26-Q3', '60', 'Break: not compared with earlier periods'],
      ['2025-26-Q4', '55', ''],
    ]);
    const returns = sheet(REVIEW_PACK_SHEETS.returns);
    const total = (year: string) =>
      returns.find(
        (r) => r['Financial year'] === year && r['Headline figure'].startsWith('Individuals supported'),
      );
    expect(total('2024-25')).toMatchObject({ Return: 'Approved version 1 (14/07/2025)', Value: '98' });
    expect(total('2025-26')).toMatchObject({ Return: 'DRAFT: not approved', Value: '106' });
    expect(
      returns.filter((r) => r.Return === 'No return in Waymark').map((r) => r['Financial year']),
    ).toEqual(['2023-24', '2026-27']);

    // The second reader: the same cells, sheets and print set-up, straight from the OOXML.
    const ooxml = await readOoxml(bytes);
    expect(ooxml.sheetNames).toEqual(Object.values(REVIEW_PACK_SHEETS));
    const never = ooxml.sheet(REVIEW_PACK_SHEETS.neverDone);
    expect([never.cell('A2')?.value, never.cell('E2')?.value]).toEqual([
      'P1.3',
      'Never started; Never answered; Overdue at the end',
    ]);
    const responses = ooxml.sheet(REVIEW_PACK_SHEETS.responses);
    expect(responses.cell('G3')).toMatchObject({ value: 0.6, numFmt: '0%' });
    expect(String(ooxml.sheet(REVIEW_PACK_SHEETS.summary).cell('A2')?.value)).toBe(
      'Testshire Domestic Abuse Strategy 2026-2029',
    );
    for (const name of ooxml.sheetNames) expect(ooxml.sheet(name).pageSetup.paperSize).toBe('9');
    expect(ooxml.sheet(REVIEW_PACK_SHEETS.history).frozen).toEqual({ xSplit: 0, ySplit: 1 });
  });

  it('downloads the narrative for the board, read back with the docx reader', async () => {
    const res = await download(`/api/strategies/${seeded.strategy.id}/review-pack/narrative`).expect(200);
    expect(res.headers['content-type']).toBe(DOCX_CONTENT_TYPE);
    expect(res.headers['content-disposition']).toMatch(/-review-narrative-\d{4}-\d{2}-\d{2}\.docx"$/);
    const doc = await readDocx(res.body as Buffer);
    const text = doc.paragraphs.join('\n');
    expect(text).toContain(
      'The plan has 4 actions. 1 is complete (25% of those not cancelled), 0 cancelled and 3 still open, of which 1 is past its due date.',
    );
    expect(text).toContain('Due dates were moved for 1 action.');
    expect(text).toContain(
      'TS-REPEAT-REFERRALS Repeat referrals within twelve months: 55 in 2025-26-Q4, from 60 in 2025-26-Q3: improving (target 50). The series was redefined from 2025-26-Q3: earlier values are not compared.',
    );
    expect(text).toContain('2024-25: approved (version 1, 14 July 2025).');
    expect(text).toContain('2025-26: a draft, not approved.');
    expect(text).toContain('Of 7 requests due, 5 were answered (71%), 4 on time (57%).');
    const [, notDone, responses] = doc.tables;
    expect(notDone.slice(1).map((row) => row[0])).toEqual([
      'P1.3 Run an awareness campaign',
      'P1.4 Review the sanctuary scheme',
    ]);
    expect(responses.slice(1)).toEqual([
      ['Testshire Housing', '2', '1', '1', '0', '100%'],
      ['Testshire Police', '5', '3', '0', '2', '60%'],
    ]);
    expect(doc.footers.join(' ')).toContain('Page {PAGE} of {NUMPAGES}');
  });

  it('is another partnership’s strategy: 404 for both, and a bad id is a 400', async () => {
    const other = await createPartnership(suite.waymark.prisma);
    const outsider = await httpAs(suite.waymark, other.partnership.id);
    await outsider.get(`/api/strategies/${seeded.strategy.id}/review-pack`).expect(404);
    await outsider.get(`/api/strategies/${seeded.strategy.id}/review-pack/narrative`).expect(404);
    await suite.http().get('/api/strategies/not-a-uuid/review-pack').expect(400);
  });
});
