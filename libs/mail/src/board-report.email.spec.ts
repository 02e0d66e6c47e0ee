import { boardReportEmail } from './board-report.email';
import { renderEmail } from './templates';

const context = {
  memberName: 'Alex Fictional',
  boardName: 'Testshire Domestic Abuse Local Partnership Board',
  partnershipName: 'Testshire',
  strategyTitle: 'Testshire Domestic Abuse Strategy 2026-2029',
  periodLabel: 'Quarter 3 2026/27 (October to December 2026)',
  meetsOn: '2027-01-20',
  fileName: 'testshire-board-report-2026-27-Q3.xlsx',
  counts: {
    actions: 12,
    complete: 3,
    percentComplete: 25,
    red: 2,
    amber: 1,
    green: 4,
    stale: 5,
    overdue: 2,
    noOwner: 1,
    unanswered: 3,
  },
  topExceptions: [{ ref: 'P1.2', title: 'Refuge <bedspaces>', reasons: 'Red; overdue; chased 3 times' }],
  moreExceptions: 4,
  coordinatorEmail: 'da.team@council.example.org',
};

describe('board report email (rendered for real)', () => {
  it('gives the counts and the top exceptions in both parts', () => {
    const email = renderEmail(boardReportEmail, context);
    expect(email.subject).toBe(
      'Testshire Domestic Abuse Local Partnership Board: progress report for the meeting on Wednesday 20 January 2027',
    );
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Alex Fictional');
      expect(body).toContain('Wednesday 20 January 2027');
      expect(body).toContain('testshire-board-report-2026-27-Q3.xlsx');
      expect(body).toContain('12 actions (not counting cancelled), 3 complete (25%)');
      expect(body).toContain('2 red, 1 amber, 4 green');
      expect(body).toContain('5 with no update this period (stale)');
      expect(body).toContain('and 4 more on the Exceptions sheet');
      expect(body).toMatch(/nothing that identifies a victim or survivor/);
    }
    expect(email.text).toContain('- P1.2 Refuge <bedspaces>: Red; overdue; chased 3 times');
    expect(email.html).toContain('Refuge &lt;bedspaces&gt;');
  });

  it('says so when there are no exceptions', () => {
    const email = renderEmail(boardReportEmail, { ...context, topExceptions: [], moreExceptions: 0 });
    expect(email.text).toContain('There are no exceptions this period.');
    expect(email.text).not.toContain('more on the Exceptions sheet');
  });

  it('refuses to render without the counts', () => {
    const { counts: _missing, ...incomplete } = context;
    expect(() => renderEmail(boardReportEmail, incomplete as typeof context)).toThrow(/counts/);
  });
});
