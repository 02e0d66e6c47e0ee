import { inboundRecordedEmail, inboundRefusedEmail } from './inbound.emails';
import { renderEmail } from './templates';

describe('answers to email replies (rendered for real)', () => {
  it('confirms what was recorded, item by item, in both parts', () => {
    const email = renderEmail(inboundRecordedEmail, {
      name: 'Priya Fictional',
      partnershipName: 'Sandwell',
      items: [{ heading: 'P1.2 Train staff <all>', lines: ['Status: On track', 'Progress: 60%'] }],
      coordinatorEmail: 'da.coordinator@sandwell.example.org',
    });
    expect(email.subject).toBe('Recorded: P1.2 Train staff <all>');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Dear Priya Fictional');
      expect(body).toContain('Progress: 60%');
      expect(body).toContain('da.coordinator@sandwell.example.org');
    }
    expect(email.html).toContain('Train staff &lt;all&gt;');
    expect(email.text).not.toContain('below the quoted email');
  });

  it('says when the answer was read from below the quoted email', () => {
    const email = renderEmail(inboundRecordedEmail, {
      name: 'Jo Fictional',
      partnershipName: 'Sandwell',
      items: [{ heading: 'P1.2 Train staff', lines: ['Status: On track'] }],
      coordinatorEmail: 'da.coordinator@sandwell.example.org',
      belowQuote: true,
    });
    for (const body of [email.html, email.text])
      expect(body).toContain('We have recorded your email reply (read from below the quoted email):');
  });

  it('says what could not be read and shows the format', () => {
    const email = renderEmail(inboundRefusedEmail, {
      reason: 'not-understood',
      problems: ['Status "nearly" is not one we know'],
      example: ['Status: on track', 'Progress: 60%'],
      partnershipName: 'Sandwell',
      coordinatorEmail: 'da.coordinator@sandwell.example.org',
    });
    expect(email.subject).toBe('Not recorded: your email reply');
    for (const body of [email.html, email.text]) {
      expect(body).toMatch(/Status (&quot;|")nearly(&quot;|") is not one we know/);
      expect(body).toContain('Progress: 60%');
      expect(body).toContain('Nothing from this email has been recorded');
    }
  });

  it('tells a closed request apart, echoing nothing of the message', () => {
    const email = renderEmail(inboundRefusedEmail, {
      reason: 'closed',
      problems: [],
      example: [],
      partnershipName: 'Sandwell',
      coordinatorEmail: 'da.coordinator@sandwell.example.org',
    });
    expect(email.subject).toBe('Not recorded: your email reply');
    expect(email.text).toContain('the request it answers is closed');
  });

  it('refuses to render without a reason', () => {
    expect(() =>
      renderEmail(inboundRefusedEmail, {
        problems: [],
        example: [],
        partnershipName: null,
        coordinatorEmail: null,
      } as never),
    ).toThrow(/reason/);
  });
});
