import { chaseEscalationEmail, chaseRequestEmail, overdueEmail } from './chase.emails';
import { renderEmail } from './templates';

const action = {
  ref: 'P1.2',
  title: 'Train frontline housing staff <to spot abuse>',
  dueDate: '2027-03-31',
  dueDateText: 'March 2027',
  askOnTime: false,
  overdue: false,
  link: 'https://waymark.example.org/u/abc123',
};
const request = {
  leadName: 'Priya Fictional',
  partnershipName: 'Sandwell',
  periodLabel: 'Quarter 3 2026/27 (October to December 2026)',
  deadline: '2026-12-31T17:00:00.000Z',
  reminder: false,
  firstAskedOn: null,
  coordinatorEmail: 'da.coordinator@sandwell.example.org',
  actions: [action],
  workbookAttached: false,
};

describe('chase emails (rendered for real)', () => {
  it('asks for an update in HTML and plain text, with the link, deadline and privacy reminder', () => {
    const email = renderEmail(chaseRequestEmail, request);
    expect(email.subject).toBe('Update needed: P1.2 Train frontline housing staff <to spot abuse>');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Priya Fictional');
      expect(body).toContain('https://waymark.example.org/u/abc123');
      expect(body).toContain('Thursday 31 December 2026');
      expect(body).toContain('Wednesday 31 March 2027');
      expect(body).toMatch(/not include personal information about victims/i);
      expect(body).toContain('da.coordinator@sandwell.example.org');
      expect(body).not.toMatch(/reminder/i);
    }
    expect(email.html).toContain('&lt;to spot abuse&gt;');
    expect(email.html).not.toContain('<to spot abuse>');
    expect(email.text).toContain('Train frontline housing staff <to spot abuse>');
  });

  it("signs with the partnership's name once, whether it is a place or a whole name", () => {
    const place = renderEmail(chaseRequestEmail, request);
    const whole = renderEmail(chaseRequestEmail, {
      ...request,
      partnershipName: 'Sandwell Domestic Abuse Partnership',
    });
    for (const email of [place, whole]) {
      for (const body of [email.html, email.text]) {
        expect(body).toContain('Sandwell Domestic Abuse Partnership');
        expect(body).not.toContain('Partnership Domestic Abuse Partnership');
      }
    }
  });

  it("asks an organisation's default contact to answer or name the right person", () => {
    const email = renderEmail(chaseRequestEmail, {
      ...request,
      actions: [
        {
          ...action,
          askedAsDefaultFor: 'Sandwell Council',
          nameLeadLink: 'https://waymark.example.org/u/abc123/lead',
        },
      ],
    });
    for (const body of [email.html, email.text]) {
      expect(body).toContain(
        'This action has no named lead yet: you are asked as the contact for Sandwell Council.',
      );
      expect(body).toContain('https://waymark.example.org/u/abc123/lead');
    }
    expect(renderEmail(chaseRequestEmail, request).text).not.toContain('no named lead');
  });

  it('mentions the attached workbook only when it is attached', () => {
    const email = renderEmail(chaseRequestEmail, { ...request, workbookAttached: true });
    for (const body of [email.html, email.text]) {
      expect(body).toContain('fill in the attached workbook');
      expect(body).toMatch(/three ways to answer/i); // as many as it lists
    }
    expect(renderEmail(chaseRequestEmail, request).text).not.toContain('attached workbook');
  });

  it('shows both ways to answer, with the reply format', () => {
    const email = renderEmail(chaseRequestEmail, request);
    for (const body of [email.html, email.text]) {
      expect(body).toMatch(/two ways to answer/i);
      expect(body).toMatch(/reply to this email/i);
      expect(body).toContain('Status: on track');
      expect(body).toContain('New date: 31/3/2027');
      expect(body).toContain('they are kept with every action the reply covers');
      expect(body).not.toContain('Action P1.2'); // one action: no reference line needed
    }
    const two = renderEmail(chaseRequestEmail, { ...request, actions: [action, { ...action, ref: 'P2.1' }] });
    expect(two.text).toContain('    Action P1.2\n    Status: on track');
    expect(two.html).toContain('Action P2.1<br>Status: complete');
  });

  it('lists several actions in one email, asks about due dates, and words a reminder as one', () => {
    const soon = { ...action, ref: 'P2.1', askOnTime: true };
    const late = { ...action, ref: 'P3.4', dueDate: null, dueDateText: 'during 2026', overdue: true };
    const email = renderEmail(chaseRequestEmail, {
      ...request,
      reminder: true,
      firstAskedOn: '2026-12-01T09:00:00.000Z',
      actions: [action, soon, late],
    });
    expect(email.subject).toBe('Reminder: update needed on 3 domestic abuse strategy actions');
    expect(email.text).toContain('we asked you on Tuesday 1 December 2026');
    expect(email.text).toContain('Due: during 2026 (overdue: please tell us the new date)');
    expect(email.text).toMatch(/P2\.1[^\n]*\nDue: Wednesday 31 March 2027 \(will it be complete on time\?/);
  });

  it('tells an escalation recipient who was chased and when', () => {
    const email = renderEmail(chaseEscalationEmail, {
      recipientName: 'Dana Fictional',
      role: 'manager',
      leadName: 'Priya Fictional',
      leadOrganisation: 'Sandwell Council Housing',
      leadEmail: 'priya@housing.example.org',
      partnershipName: 'Sandwell',
      periodLabel: request.periodLabel,
      deadline: request.deadline,
      chased: [
        { on: '2026-12-01T09:00:00.000Z', what: 'Asked for an update' },
        { on: '2026-12-24T09:00:00.000Z', what: 'Reminded' },
      ],
      actions: [{ ref: 'P1.2', title: 'Train staff', overdue: true }],
      coordinatorEmail: request.coordinatorEmail,
    });
    expect(email.subject).toBe('No update from Priya Fictional (Sandwell Council Housing) on 1 action');
    for (const body of [email.html, email.text]) {
      expect(body).toContain("named as Priya Fictional's manager");
      expect(body).toContain('Asked for an update on Tuesday 1 December 2026');
      expect(body).toContain('Reminded on Thursday 24 December 2026');
      expect(body).toContain('priya@housing.example.org');
    }
  });

  it('renders the overdue notice', () => {
    const email = renderEmail(overdueEmail, {
      recipientName: 'Dana Fictional',
      partnershipName: 'Sandwell',
      action: {
        ref: 'P1.2',
        title: 'Train staff',
        dueDate: '2026-10-31',
        status: 'On track',
        leadName: 'Priya',
      },
      coordinatorEmail: request.coordinatorEmail,
    });
    expect(email.subject).toBe('Overdue: P1.2 Train staff');
    expect(email.text).toContain('was due on Saturday 31 October 2026 and is not complete');
  });

  it('refuses to render with a missing field rather than send a blank email', () => {
    const { leadName: _missing, ...incomplete } = request;
    expect(() => renderEmail(chaseRequestEmail, incomplete as typeof request)).toThrow(/leadName/);
  });
});
