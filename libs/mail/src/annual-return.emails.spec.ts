import {
  returnDecisionEmail,
  returnSignOffEmail,
  returnSubmissionReminderEmail,
} from './annual-return.emails';
import { renderEmail } from './templates';

const base = {
  partnershipName: 'Sandwell',
  financialYear: '2025-26',
  coordinatorEmail: 'da.team@council.example.org',
};
const survivorWarning = 'personal information about victims, survivors or their children';

describe('annual return emails', () => {
  const signOff = {
    ...base,
    recipientName: 'Pat Fictional',
    signatoryName: 'Pat Fictional',
    link: 'https://waymark.example.org/sign-off/abc',
    expiresOn: '2026-07-01T00:00:00.000Z',
    amendment: null,
  };

  it('asks the signatory to approve or return it, through the link', () => {
    const email = renderEmail(returnSignOffEmail, { ...signOff, role: 'signatory' as const });
    expect(email.subject).toBe('Please approve the 2025-26 domestic abuse annual return');
    for (const body of [email.text, email.html]) {
      expect(body).toContain('https://waymark.example.org/sign-off/abc');
      expect(body).toContain('return it with comments');
      expect(body).toContain('Wednesday 1 July 2026');
      expect(body).toContain(survivorWarning);
    }
  });

  it('tells the board chair to note it, read only, and names an amendment and its reason', () => {
    const email = renderEmail(returnSignOffEmail, {
      ...signOff,
      role: 'chair' as const,
      recipientName: 'Chris Chair',
      amendment: { version: 2, reason: 'Refuge North corrected its figures' },
    });
    expect(email.subject).toBe(
      'To note: the 2025-26 domestic abuse annual return is with Pat Fictional for approval',
    );
    for (const body of [email.text, email.html]) {
      expect(body).toContain('read only');
      expect(body).toContain('version 2: Refuge North corrected its figures');
      expect(body).toContain(survivorWarning);
    }
  });

  it("gives the coordinator the signatory's comments, or the version approved", () => {
    const decided = { ...base, signatoryName: 'Pat Fictional', decidedAt: '2026-06-02T10:00:00.000Z' };
    const returned = renderEmail(returnDecisionEmail, {
      ...decided,
      outcome: 'returned' as const,
      comments: 'Section 9 & the spend: please check',
      version: null,
    });
    expect(returned.subject).toBe('Returned with comments: the 2025-26 domestic abuse annual return');
    expect(returned.text).toContain('Section 9 & the spend: please check');
    expect(returned.html).toContain('Section 9 &amp; the spend: please check');
    const approved = renderEmail(returnDecisionEmail, {
      ...decided,
      outcome: 'approved' as const,
      comments: null,
      version: { number: 1, sha256: 'a'.repeat(64) },
    });
    expect(approved.subject).toBe('Approved: the 2025-26 domestic abuse annual return (version 1)');
    for (const body of [approved.text, approved.html]) {
      expect(body).toMatch(/version 1(<\/strong>)? \(SHA-256 a{64}\)/);
      expect(body).toContain(survivorWarning);
    }
  });

  it('reminds the coordinator that the approved return is not recorded as sent, and by when', () => {
    const email = renderEmail(returnSubmissionReminderEmail, {
      ...base,
      state: 'approved' as const,
      version: 2,
      deadline: '2026-07-31',
    });
    expect(email.subject).toBe(
      'Reminder: the 2025-26 domestic abuse annual return is not yet recorded as sent',
    );
    for (const body of [email.text, email.html]) {
      expect(body).toContain('Friday 31 July 2026');
      expect(body).toContain('Version 2 is approved');
      expect(body).toContain(survivorWarning);
    }
    expect(() => renderEmail(returnSubmissionReminderEmail, { ...base, state: 'approved' } as never)).toThrow(
      /deadline/,
    );
  });
});
