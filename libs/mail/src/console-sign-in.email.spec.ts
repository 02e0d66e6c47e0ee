import { consoleSignInEmail } from './console-sign-in.email';
import { renderEmail } from './templates';

describe('console sign-in email', () => {
  it('gives the link and says it works once, for a while', () => {
    const email = renderEmail(consoleSignInEmail, {
      userName: 'Chris Fictional',
      partnershipName: 'Testshire',
      signInUrl: 'https://waymark.example.org/console/sign-in/link/abc',
      minutes: 15,
    });
    expect(email.subject).toBe('Sign in to the Testshire console');
    for (const body of [email.text, email.html]) {
      expect(body).toContain('https://waymark.example.org/console/sign-in/link/abc');
      expect(body).toContain('works once, for 15 minutes');
      expect(body).toContain('Testshire Domestic Abuse Partnership');
    }
  });

  it('refuses to render without a link', () => {
    expect(() =>
      renderEmail(consoleSignInEmail, { userName: 'C', partnershipName: 'T', minutes: 15 } as never),
    ).toThrow(/signInUrl/);
  });
});
