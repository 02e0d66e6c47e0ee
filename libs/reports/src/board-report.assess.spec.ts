import { assessAction, assessBoardReport } from './board-report.assess';
import type { BoardReportData, ReportAction } from './board-report.data';

// Quarter 3 2026/27, as at Monday 23 November 2026 (TZ-independent: every instant is explicit).
const period = {
  key: '2026-27-Q3',
  label: 'Quarter 3 2026/27 (October to December 2026)',
  start: new Date('2026-09-30T23:00:00Z'),
  end: new Date('2027-01-01T00:00:00Z'),
};
const asOf = new Date('2026-11-23T10:00:00Z');
const inPeriod = new Date('2026-11-02T09:00:00Z');
const beforePeriod = new Date('2026-09-20T09:00:00Z');

function action(overrides: Partial<ReportAction> = {}): ReportAction {
  return {
    id: 'a',
    ref: 'P1.1',
    title: 'An action',
    priorityId: 'p1',
    leadOrganisations: ['Police'],
    leadText: null,
    leadOfficer: { name: 'Sam', organisation: 'Police' },
    dueDate: new Date('2027-03-31T00:00:00Z'),
    dueDateText: 'March 2027',
    status: 'ON_TRACK',
    rag: null,
    percentComplete: 40,
    lastUpdate: { id: 'u', submittedAt: inPeriod, submittedBy: 'Sam', channel: 'FORM', commentary: 'Fine.' },
    evidenceCount: 0,
    request: null,
    chasedThisPeriod: 0,
    chasedTotal: 0,
    ...overrides,
  };
}

const assess = (overrides: Partial<ReportAction>) => assessAction(action(overrides), { period, asOf });

describe('how the board reads an action', () => {
  it('rates a recent status by its meaning: on track green, at risk amber, off track or blocked red', () => {
    expect(assess({ status: 'ON_TRACK' })).toMatchObject({ rag: 'GREEN', reasons: [] });
    expect(assess({ status: 'AT_RISK' })).toMatchObject({ rag: 'AMBER', reasons: [] });
    expect(assess({ status: 'OFF_TRACK' })).toMatchObject({ rag: 'RED', reasons: ['Red'] });
    expect(assess({ status: 'BLOCKED' }).rag).toBe('RED');
    expect(assess({ status: 'NOT_STARTED' }).rag).toBe('NOT_RATED');
    expect(assess({ status: 'ON_TRACK', rag: 'AMBER' }).rag).toBe('AMBER');
  });

  it('shows a status older than the period as stale, never as its old colour', () => {
    const stale = assess({
      status: 'ON_TRACK',
      lastUpdate: { ...action().lastUpdate!, submittedAt: beforePeriod },
    });
    expect(stale).toMatchObject({ rag: 'STALE', stale: true, reasons: ['Stale (last update 20/09/2026)'] });
    expect(assess({ lastUpdate: null })).toMatchObject({ rag: 'STALE', reasons: ['Stale (never updated)'] });
  });

  it('makes a live action past its due date red and overdue, by the London date', () => {
    expect(assess({ dueDate: new Date('2026-11-22T00:00:00Z') })).toMatchObject({
      rag: 'RED',
      overdue: true,
      reasons: ['Red', 'Overdue (due 22/11/2026)'],
    });
    expect(assess({ dueDate: new Date('2026-11-23T00:00:00Z') }).overdue).toBe(false);
    expect(assess({ dueDate: null, dueDateText: 'during 2027' }).overdue).toBe(false);
  });

  it('treats complete and cancelled actions as done: never stale, overdue or chased', () => {
    const done = { lastUpdate: null, dueDate: new Date('2020-01-01T00:00:00Z'), leadOfficer: null };
    expect(assess({ ...done, status: 'COMPLETE' })).toMatchObject({
      rag: 'COMPLETE',
      live: false,
      reasons: [],
    });
    expect(assess({ ...done, status: 'CANCELLED' })).toMatchObject({
      rag: 'NOT_RATED',
      live: false,
      reasons: [],
    });
  });

  it('flags no named lead, and a request sent but not answered with how often it was chased', () => {
    expect(assess({ leadOfficer: null }).reasons).toEqual(['No named lead']);
    const request = { organisation: 'Police', sentAt: inPeriod, answeredAt: null, respondBy: asOf };
    expect(assess({ request, chasedThisPeriod: 3 }).reasons).toEqual([
      'Not answered (chased 3 times this period)',
    ]);
    expect(assess({ request: { ...request, answeredAt: inPeriod } }).unanswered).toBe(false);
  });
});

describe('the board report as a whole', () => {
  const data: BoardReportData = {
    partnershipName: 'Testshire',
    strategy: { id: 's', title: 'Strategy' },
    reviewClock: null,
    period,
    asOf,
    meeting: null,
    priorities: [
      { id: 'p1', ref: 'P1', title: 'Prevention' },
      { id: 'p2', ref: 'P2', title: 'Provision' },
    ],
    actions: [
      action({ id: '1', ref: 'P1.10', status: 'COMPLETE', percentComplete: 100 }),
      action({ id: '2', ref: 'P1.2', status: 'OFF_TRACK', percentComplete: 10 }),
      action({
        id: '3',
        ref: 'P2.1',
        priorityId: 'p2',
        leadOfficer: null,
        lastUpdate: null,
        percentComplete: null,
        request: { organisation: 'Housing', sentAt: inPeriod, answeredAt: null, respondBy: asOf },
        chasedThisPeriod: 2,
      }),
      action({
        id: '4',
        ref: 'X1',
        priorityId: null,
        status: 'CANCELLED',
        request: { organisation: 'Police', sentAt: inPeriod, answeredAt: inPeriod, respondBy: asOf },
      }),
      action({
        id: '5',
        ref: 'P1.3',
        request: { organisation: 'Police', sentAt: null, answeredAt: null, respondBy: asOf },
      }),
    ],
    updates: [],
    evidence: [],
    kpis: [],
  };
  const report = assessBoardReport(data);

  it('counts actions without the cancelled ones, and progress with complete as 100%', () => {
    expect(report.headline).toEqual({
      actions: 4,
      complete: 1,
      percentComplete: 25,
      averageProgress: Math.round((100 + 10 + 0 + 40) / 4),
      red: 1,
      amber: 0,
      green: 1,
      stale: 1,
      overdue: 0,
      noOwner: 1,
      unanswered: 1,
    });
  });

  it('orders the register by ref as people read it, and groups by priority with the unprioritised last', () => {
    expect(report.actions.map((a) => a.action.ref)).toEqual(['P1.2', 'P1.3', 'P1.10', 'P2.1', 'X1']);
    expect(report.byPriority.map((g) => [g.label, g.actions, g.percentComplete])).toEqual([
      ['P1 Prevention', 3, 33],
      ['P2 Provision', 1, 0],
      ['No priority', 1, 0],
    ]);
    expect(report.total.byStatus).toMatchObject({ COMPLETE: 1, OFF_TRACK: 1, ON_TRACK: 2, CANCELLED: 1 });
    expect(report.total.byRag).toEqual({ RED: 1, AMBER: 0, GREEN: 1, COMPLETE: 1, STALE: 1, NOT_RATED: 1 });
  });

  it('gives response rates only for requests actually sent this period', () => {
    expect(report.responseRates).toEqual([
      { organisation: 'Housing', sent: 1, answered: 0, rate: 0 },
      { organisation: 'Police', sent: 1, answered: 1, rate: 1 },
    ]);
  });

  it('lists red exceptions first, then those with most reasons', () => {
    expect(report.exceptions.map((e) => [e.action.ref, e.assessment.reasons])).toEqual([
      ['P1.2', ['Red']],
      ['P2.1', ['Stale (never updated)', 'No named lead', 'Not answered (chased 2 times this period)']],
    ]);
  });
});
