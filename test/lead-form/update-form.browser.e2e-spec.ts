// The lead's update form in real Chromium (the Debian package, driven by playwright-core) against the
// running API: accessibility (axe-core) on every page a lead sees, file uploads, a disguised file,
// errors with the input kept, the no-JavaScript path and a phone screen.
import { join } from 'node:path';
import { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import { waymarkSuite } from '../support/suite';
import { openLeadRequest } from './lead-form-fixtures';

const fixturePath = (name: string) => join(__dirname, '..', 'fixtures', 'evidence', name);

describe('the update form in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  /** A page in a context of its own (cookies, JavaScript setting, viewport), closed after the callback. */
  async function withPage(options: BrowserContextOptions, use: (page: Page) => Promise<void>) {
    const context = await browser.newContext(options);
    try {
      await use(await context.newPage());
    } finally {
      await context.close();
    }
  }

  async function fillAnswer(page: Page, commentary: string) {
    await page.getByLabel('At risk').check();
    await page.getByLabel('How complete is it? (optional)').fill('60');
    await page.getByLabel('What progress has been made?').fill(commentary);
  }

  it('is accessible, focuses the error summary, keeps the input, then takes files and figures', async () => {
    const { token, action } = await openLeadRequest(suite, 'B1');
    await withPage({}, async (page) => {
      const violations = cspViolations(page);
      await page.goto(`${suite.waymark.baseUrl}/u/${token}`);
      expect(await page.title()).toContain('Update on B1');
      // GOV.UK Frontend's inline start-up ran under the CSP (it has the page's nonce; nothing else inline may).
      expect(await page.evaluate('document.body.className')).toContain('govuk-frontend-supported');
      await expectAccessible(page);

      // Nothing chosen, a bad percentage: the errors, the summary focused, the typed text kept.
      await page.getByLabel('How complete is it? (optional)').fill('150');
      await page.getByLabel('What progress has been made?').fill('Two teams trained & booked');
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.textContent('.govuk-error-summary')).toContain('Select the status of this action');
      expect(await page.evaluate('document.activeElement.className')).toContain('govuk-error-summary');
      expect(await page.inputValue('#commentary')).toBe('Two teams trained & booked');
      expect(await page.inputValue('#percentComplete')).toBe('150');
      await expectAccessible(page);

      // Corrected, with a PDF and a PNG, a link and a figure: recorded and confirmed.
      await fillAnswer(page, 'Two teams trained & booked');
      await page.getByLabel('Figure (count)').fill('45');
      await page.getByLabel('Links to evidence').fill('https://intranet.example.org/training');
      await page.setInputFiles('#evidenceFiles', [
        fixturePath('training-attendance.pdf'),
        fixturePath('partnership-logo.png'),
      ]);
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.waitForURL(/\/confirmation$/);
      const confirmation = (await page.textContent('main')) ?? '';
      for (const text of [
        'Update received',
        'At risk',
        'Staff trained',
        '45',
        'training-attendance.pdf',
        'partnership-logo.png',
      ]) {
        expect(confirmation).toContain(text);
      }
      await expectAccessible(page);
      expect(violations).toEqual([]);
    });
    const files = await suite.waymark.prisma.evidence.findMany({
      where: { actionId: action.id, kind: 'FILE' },
    });
    expect(files.map((f) => f.contentType).sort()).toEqual(['application/pdf', 'image/png']);
  });

  it('refuses a program disguised as a PDF, saying why, and records nothing', async () => {
    const { token, action } = await openLeadRequest(suite, 'B2');
    await withPage({}, async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/u/${token}`);
      await fillAnswer(page, 'Venue booked for March.');
      await page.setInputFiles('#evidenceFiles', fixturePath('disguised-program.pdf'));
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.textContent('#evidenceFiles-error')).toMatch(
        /disguised-program\.pdf must be a PDF, PNG/,
      );
      expect(await page.inputValue('#commentary')).toBe('Venue booked for March.');
      expect(await page.isChecked('input[name="status"][value="AT_RISK"]')).toBe(true);
    });
    expect(await suite.waymark.prisma.update.count({ where: { actionId: action.id } })).toBe(0);
  });

  it('works without JavaScript: errors, then an upload, then the confirmation', async () => {
    const { token, action } = await openLeadRequest(suite, 'B3');
    await withPage({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/u/${token}`);
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.textContent('.govuk-error-summary')).toContain('Enter a short update on progress');
      await fillAnswer(page, 'Sent without scripts.');
      await page.setInputFiles('#evidenceFiles', fixturePath('partnership-logo.png'));
      await page.getByRole('button', { name: 'Send update' }).click();
      await page.waitForURL(/\/confirmation$/);
      expect(await page.textContent('main')).toContain('partnership-logo.png');
    });
    expect(await suite.waymark.prisma.update.count({ where: { actionId: action.id } })).toBe(1);
  });

  it('fits a phone screen without scrolling sideways, and the link-problem page is accessible', async () => {
    const { token } = await openLeadRequest(suite, 'B4');
    const noSidewaysScroll = 'document.documentElement.scrollWidth <= window.innerWidth';
    await withPage(
      { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
      async (page) => {
        await page.goto(`${suite.waymark.baseUrl}/u/${token}`);
        expect(await page.evaluate(noSidewaysScroll)).toBe(true);
        await page.getByRole('button', { name: 'Send update' }).click();
        await page.waitForSelector('.govuk-error-summary');
        expect(await page.evaluate(noSidewaysScroll)).toBe(true);
        await fillAnswer(page, 'Answered from a phone.');
        await page.getByRole('button', { name: 'Send update' }).click();
        await page.waitForURL(/\/confirmation$/);
        expect(await page.evaluate(noSidewaysScroll)).toBe(true);

        const unknown = await page.goto(`${suite.waymark.baseUrl}/u/${'D'.repeat(43)}`);
        expect(unknown?.status()).toBe(404);
        expect(await page.textContent('h1')).toBe('We do not recognise this link');
        expect(await page.evaluate(noSidewaysScroll)).toBe(true);
        await expectAccessible(page);
      },
    );
  });
});
