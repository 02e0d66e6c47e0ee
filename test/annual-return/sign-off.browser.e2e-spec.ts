// The signatory's sign-off page in real Chromium (the Debian package, driven by playwright-core) against the
// running API: the whole return with its figures (0, blank and "not collected" told apart), accessible
// (axe-core); Return with comments left empty is an error with the summary focused; then Approve, once.
import { Browser } from 'playwright-core';
import { httpAs } from '../support/auth';
import { expectAccessible, launchChromium } from '../support/browser';
import { waymarkSuite } from '../support/suite';
import { approvableAnswers, returnWithChair, signOffLink } from './sign-off-fixtures';

describe('the sign-off page in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('shows the figures, refuses empty comments, then approves the return once', async () => {
    const { prisma } = suite.waymark;
    const { http, returnId } = await returnWithChair(prisma, (id) => httpAs(suite.waymark, id));
    const answers = approvableAnswers(106);
    answers.Q05_UNABLE_HOUSEHOLDS = { '': 0 };
    delete answers.Q09_OTHER_FUNDING; // voluntary: left blank
    await http.put(`/api/returns/${returnId}/figures`).send({ answers }).expect(200);
    const signatory = 'pat.browser@council.example.org';
    await http
      .post(`/api/returns/${returnId}/approval`)
      .send({ signatory: { name: 'Pat Fictional', email: signatory } })
      .expect(201);
    const { token } = signOffLink(await suite.catcher.waitFor((m) => m.to.includes(signatory)));

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${suite.waymark.baseUrl}/sign-off/${token}`);
      expect(await page.title()).toContain('Annual return 2025-26 for approval');
      // The figures: a number, a zero, "not collected" and a blank, each as itself, with where it came from.
      const cellOf = (question: string) => page.locator(`#${question} td[data-state]`).first();
      expect(await cellOf('Q04_INDIVIDUALS_TOTAL').textContent()).toBe('106');
      expect(await cellOf('Q05_UNABLE_HOUSEHOLDS').textContent()).toBe('0');
      expect(await cellOf('Q04_WITH_CHARACTERISTIC').textContent()).toBe('Not collected');
      expect(await cellOf('Q09_OTHER_FUNDING').textContent()).toBe('Not answered');
      expect(await page.locator('#Q04_INDIVIDUALS_TOTAL').textContent()).toContain(
        'Coordinator: Test caller',
      );
      expect(await page.locator('#checks').textContent()).toContain(
        'Women, men, trans adults and children must add up to the total individuals supported',
      );
      await expectAccessible(page);

      // Return with comments, left empty: the error, the summary focused; nothing recorded.
      await page.getByRole('button', { name: 'Return with comments' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.textContent('.govuk-error-summary')).toContain('Enter your comments');
      expect(await page.evaluate('document.activeElement.className')).toContain('govuk-error-summary');
      await expectAccessible(page);
      expect((await http.get(`/api/returns/${returnId}`).expect(200)).body.state).toBe('AWAITING_APPROVAL');

      // Approve, with the confirmation ticked: the page says so, and the version is frozen.
      await page.getByLabel('I approve this return for submission').check();
      await page.getByRole('button', { name: 'Approve', exact: true }).click();
      await page.waitForSelector('.govuk-panel');
      expect(await page.textContent('main')).toContain('Return approved');
      const [version] = (await http.get(`/api/returns/${returnId}/versions`).expect(200)).body;
      expect(await page.textContent('main')).toContain(version.sha256);
      await expectAccessible(page);

      // The link followed again says what happened.
      await page.goto(`${suite.waymark.baseUrl}/sign-off/${token}`);
      expect(await page.textContent('main')).toContain('Return approved');
    } finally {
      await context.close();
    }
    expect(await prisma.returnVersion.count({ where: { returnId } })).toBe(1);
  });
});
