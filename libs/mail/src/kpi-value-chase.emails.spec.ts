import { kpiValueEscalationEmail, kpiValueReminderEmail } from './kpi-value-chase.emails';
import { renderEmail } from './templates';

const figures = [
  { code: 'WMP-DA-INCIDENTS', name: 'Crimes & incidents <reported>', periodLabel: '2026/27', unit: 'count' },
  { code: 'MARAC-CASES', name: 'MARAC cases heard', periodLabel: 'Quarter 4 2026/27', unit: 'count' },
];
const common = {
  partnershipName: 'Sandwell',
  periodLabel: '2026/27',
  deadline: '2027-04-30T16:00:00.000Z',
  coordinatorEmail: 'da.team@sandwell.example.org',
  figures,
};

describe('KPI reminder and escalation emails (rendered for real)', () => {
  it('reminds the data owner of every figure, when they were asked, the link and the privacy rule', () => {
    const email = renderEmail(kpiValueReminderEmail, {
      ...common,
      ownerName: 'Alex Fictional',
      link: 'https://waymark.example.org/k/abc123',
      firstAskedOn: '2027-04-16T08:00:00.000Z',
    });
    expect(email.subject).toBe('Reminder: 2 figures needed for 2026/27');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Alex Fictional');
      expect(body).toContain('Friday 16 April 2027');
      expect(body).toContain('Friday 30 April 2027');
      expect(body).toContain('https://waymark.example.org/k/abc123');
      expect(body).toContain('MARAC-CASES');
      expect(body).toMatch(/not include personal information about victims/i);
    }
    expect(email.html).toContain('Crimes &amp; incidents &lt;reported&gt;');
  });

  it("tells the owner's manager who was chased, when, and for what, without the owner's link", () => {
    const email = renderEmail(kpiValueEscalationEmail, {
      ...common,
      recipientName: 'Morgan Manager',
      role: 'manager',
      ownerName: 'Alex Fictional',
      ownerOrganisation: 'West Midlands Police',
      ownerEmail: 'alex@police.example.org',
      chased: [
        { on: '2027-04-16T08:00:00.000Z', what: 'Asked for the figures' },
        { on: '2027-04-23T08:00:00.000Z', what: 'Reminded' },
      ],
    });
    expect(email.subject).toBe('No figures from Alex Fictional (West Midlands Police) for 2026/27');
    for (const body of [email.html, email.text]) {
      expect(body).toContain("You are named as Alex Fictional's manager");
      expect(body).toContain('Reminded on Friday 23 April 2027');
      expect(body).toContain('WMP-DA-INCIDENTS');
      expect(body).not.toContain('/k/');
    }
  });

  it('refuses to escalate without a record of chasing', () => {
    expect(() =>
      renderEmail(kpiValueEscalationEmail, {
        ...common,
        recipientName: 'Chair',
        role: 'chair',
        ownerName: 'Alex Fictional',
        ownerOrganisation: null,
        ownerEmail: 'alex@police.example.org',
        chased: [],
      }),
    ).toThrow(/chased/);
  });
});
