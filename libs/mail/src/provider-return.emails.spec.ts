import { providerReturnEscalationEmail, providerReturnRequestEmail } from './provider-return.emails';
import { renderEmail } from './templates';

const request = {
  contactName: 'Sam Fictional',
  partnershipName: 'Sandwell',
  financialYear: '2025-26',
  deadline: '2026-05-29T16:00:00.000Z',
  services: ['Oak House refuge (Haven & Co)'],
  questions: [
    {
      section: '1. Accommodation',
      label: 'Bedspaces by accommodation type',
      cells: [{ reference: 'Q01_BEDSPACES[refuge]', label: 'Refuge' }],
    },
    {
      section: '4. Individuals',
      label: 'Individuals supported',
      cells: [{ reference: 'Q04_INDIVIDUALS_TOTAL', label: '' }],
    },
  ],
  link: 'https://waymark.example.org/p/abc',
  coordinatorEmail: 'da.team@sandwell.example.org',
};

describe('provider return emails (rendered for real)', () => {
  it('asks for every figure in one email, with the link, each reference and the privacy reminder', () => {
    const email = renderEmail(providerReturnRequestEmail, request);
    expect(email.subject).toBe('Figures needed for the 2025-26 safe accommodation return');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Sam Fictional');
      expect(body).toContain('https://waymark.example.org/p/abc');
      expect(body).toContain('Friday 29 May 2026');
      expect(body).toContain('Q01_BEDSPACES[refuge]:');
      expect(body).toContain('Q04_INDIVIDUALS_TOTAL:');
      expect(body).toContain('never as zero');
      expect(body).toContain('fill in the workbook attached to this email');
      expect(body).toMatch(/not include personal information about victims/i);
    }
    expect(email.html).toContain('Oak House refuge (Haven &amp; Co)');
    expect(email.text).toContain('Oak House refuge (Haven & Co)');
  });

  it('says when a reminder was first asked', () => {
    const email = renderEmail(providerReturnRequestEmail, {
      ...request,
      firstAskedOn: '2026-04-20T08:00:00.000Z',
    });
    expect(email.subject).toMatch(/^Reminder: /);
    expect(email.text).toContain('We asked you on Monday 20 April 2026');
  });

  it('tells the commissioner who was chased and when', () => {
    const email = renderEmail(providerReturnEscalationEmail, {
      recipientName: 'Chris Coordinator',
      role: 'coordinator',
      contactName: 'Sam Fictional',
      contactOrganisation: 'Haven & Co',
      contactEmail: 'sam@haven.example.org',
      partnershipName: 'Sandwell',
      financialYear: '2025-26',
      deadline: request.deadline,
      services: request.services,
      chased: [{ on: '2026-04-20T08:00:00.000Z', what: 'Asked for the figures' }],
      coordinatorEmail: request.coordinatorEmail,
    });
    expect(email.subject).toBe('No 2025-26 return figures from Haven & Co');
    expect(email.text).toContain('Asked for the figures on Monday 20 April 2026');
    expect(email.text).toMatch(/not include personal information/);
  });
});
