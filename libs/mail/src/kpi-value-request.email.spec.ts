import { kpiValueRequestEmail } from './kpi-value-request.email';
import { renderEmail } from './templates';

const context = {
  ownerName: 'Alex Fictional',
  partnershipName: 'Sandwell',
  periodLabel: '2026/27',
  deadline: '2027-04-30T16:00:00.000Z',
  coordinatorEmail: 'da.team@sandwell.example.org',
  link: 'https://waymark.example.org/k/abc123',
  figures: [
    {
      code: 'WMP-DA-INCIDENTS',
      name: 'Crimes & incidents <reported>',
      periodLabel: '2026/27',
      unit: 'count',
    },
    { code: 'MARAC-CASES', name: 'MARAC cases heard', periodLabel: 'Quarter 4 2026/27', unit: 'count' },
  ],
};

describe('KPI values request email (rendered for real)', () => {
  it('lists every figure in one email, with the link, deadline and privacy reminder in both parts', () => {
    const email = renderEmail(kpiValueRequestEmail, context);
    expect(email.subject).toBe('2 figures needed for 2026/27');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Alex Fictional');
      expect(body).toContain('https://waymark.example.org/k/abc123');
      expect(body).toContain('Friday 30 April 2027');
      expect(body).toContain('MARAC-CASES');
      expect(body).toContain('Quarter 4 2026/27');
      expect(body).toMatch(/not include personal information about victims/i);
      expect(body).toContain('never as zero');
      expect(body).toMatch(/reply to this email/i);
      expect(body).toContain('WMP-DA-INCIDENTS: 41');
      expect(body).toContain('MARAC-CASES: 42');
    }
    expect(email.html).toContain('Crimes &amp; incidents &lt;reported&gt;');
  });

  it('names a single figure in the subject', () => {
    const email = renderEmail(kpiValueRequestEmail, { ...context, figures: [context.figures[1]] });
    expect(email.subject).toBe('Figure needed for 2026/27: MARAC cases heard');
  });

  it('refuses to render without figures rather than send an empty request', () => {
    expect(() => renderEmail(kpiValueRequestEmail, { ...context, figures: [] })).toThrow(/figures/);
  });
});
