import { renderEmail } from './templates';
import { updateConfirmationEmail } from './update-confirmation.email';

const context = {
  leadName: 'Sam Fictional',
  partnershipName: 'Testshire',
  coordinatorEmail: 'da.team@testshire.example.org',
  action: { ref: 'P1.3', title: 'Train staff in <coercive control> & stalking' },
  periodKey: '2026-27-Q3',
  answers: [
    { label: 'Status', value: 'At risk' },
    { label: 'Progress', value: 'Two of three sessions held.\nThird booked.' },
  ],
  figures: [{ label: 'Referrals to MARAC (Quarter 3 2026/27)', value: '42' }],
  evidence: [
    { label: 'attendance.pdf', value: 'PDF, 606 bytes' },
    { label: 'Link', value: 'https://intranet.example.org/training' },
  ],
  receivedAt: '2026-11-23T10:15:00.000Z',
  formUrl: 'https://waymark.example.org/u/abc123',
};

describe('update confirmation email (rendered for real)', () => {
  it('lists what was recorded, the link to change it and the privacy reminder, in both parts', () => {
    const email = renderEmail(updateConfirmationEmail, context);
    expect(email.subject).toBe('Update received: P1.3 Train staff in <coercive control> & stalking');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Sam Fictional');
      expect(body).toContain('2026-27-Q3');
      expect(body).toContain('Monday 23 November 2026');
      expect(body).toContain('At risk');
      expect(body).toContain('Referrals to MARAC (Quarter 3 2026/27)');
      expect(body).toContain('attendance.pdf');
      expect(body).toContain('https://intranet.example.org/training');
      expect(body).toContain('https://waymark.example.org/u/abc123');
      expect(body).toMatch(/not include personal information about victims/i);
    }
    expect(email.html).toContain('Train staff in &lt;coercive control&gt; &amp; stalking');
    expect(email.text).toContain('- Status: At risk');
  });

  it('leaves out empty sections', () => {
    const email = renderEmail(updateConfirmationEmail, { ...context, figures: [], evidence: [] });
    expect(email.text).not.toContain('FIGURES');
    expect(email.html).not.toContain('>Evidence<');
  });

  it('refuses to render without the answers rather than send an empty confirmation', () => {
    expect(() => renderEmail(updateConfirmationEmail, { ...context, answers: [] })).toThrow(/answers/);
    const { formUrl: _omit, ...withoutLink } = context;
    expect(() => renderEmail(updateConfirmationEmail, withoutLink as typeof context)).toThrow(/formUrl/);
  });
});
