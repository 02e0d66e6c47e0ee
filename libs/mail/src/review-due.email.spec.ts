import { reviewDueEmail } from './review-due.email';
import { renderEmail } from './templates';

const base = {
  recipientName: 'Chris Fictional',
  partnershipName: 'Sandwell',
  strategyTitle: 'Domestic Abuse Strategy 2022-2025',
  firstPublishedOn: '2022-01-05',
  window: { start: '2025-01-05', end: '2028-01-04' },
  missed: [],
  coordinatorEmail: 'da.team@council.example.org',
};

describe('strategy review warning', () => {
  it('says how long is left before the window closes', () => {
    const email = renderEmail(reviewDueEmail, { ...base, status: 'due-within-6-months' as const });
    expect(email.subject).toBe('Strategy review due within 6 months: Domestic Abuse Strategy 2022-2025');
    for (const body of [email.text, email.html]) {
      expect(body).toContain('due by');
      expect(body).toContain('Tuesday 4 January 2028');
      expect(body).toContain('personal information about victims');
    }
  });

  it('names the window that closed without a review when overdue', () => {
    const email = renderEmail(reviewDueEmail, {
      ...base,
      status: 'overdue' as const,
      missed: [{ start: '2022-01-05', end: '2025-01-04' }],
    });
    expect(email.subject).toBe('Strategy review overdue: Domestic Abuse Strategy 2022-2025');
    expect(email.text).toContain(
      'no review is recorded for Wednesday 5 January 2022 to Saturday 4 January 2025',
    );
  });

  it('refuses to render without a window', () => {
    const { window: _missing, ...incomplete } = base;
    expect(() => renderEmail(reviewDueEmail, { ...incomplete, status: 'overdue' } as never)).toThrow(
      /window/,
    );
  });
});
