import { renderEmail } from './templates';
import { updateRequestEmail } from './update-request.email';

const context = {
  leadName: 'Priya Fictional',
  partnershipName: 'Sandwell',
  periodLabel: 'Quarter 3 2026/27 (October to December 2026)',
  deadline: '2026-12-31T23:59:00.000Z',
  coordinatorEmail: 'da.coordinator@sandwell.example.org',
  actions: [
    {
      ref: 'P1.2',
      title: 'Train frontline housing staff <to spot abuse>',
      dueDate: '2027-03-31',
      dueDateText: 'March 2027',
      link: 'https://waymark.example.org/u/abc123',
    },
  ],
};

describe('update request email (rendered for real)', () => {
  it('has an HTML and a plain-text part with the link, deadline and privacy reminder', () => {
    const email = renderEmail(updateRequestEmail, context);
    expect(email.subject).toBe('Update needed: P1.2 Train frontline housing staff <to spot abuse>');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Priya Fictional');
      expect(body).toContain('https://waymark.example.org/u/abc123');
      expect(body).toContain('Thursday 31 December 2026');
      expect(body).toContain('Wednesday 31 March 2027');
      expect(body).toMatch(/not include personal information about victims/i);
      expect(body).toContain('da.coordinator@sandwell.example.org');
    }
    expect(email.html).toContain('&lt;to spot abuse&gt;');
    expect(email.html).not.toContain('<to spot abuse>');
    expect(email.text).toContain('Train frontline housing staff <to spot abuse>');
  });

  it('lists several actions under one subject', () => {
    const second = { ...context.actions[0], ref: 'P2.1', dueDate: null, dueDateText: 'during 2027' };
    const email = renderEmail(updateRequestEmail, { ...context, actions: [context.actions[0], second] });
    expect(email.subject).toBe('Update needed on 2 domestic abuse strategy actions');
    expect(email.text).toContain('Due: during 2027');
  });

  it('refuses to render with a missing field rather than send a blank email', () => {
    const { leadName: _missing, ...incomplete } = context;
    expect(() => renderEmail(updateRequestEmail, incomplete as typeof context)).toThrow(/leadName/);
  });
});
