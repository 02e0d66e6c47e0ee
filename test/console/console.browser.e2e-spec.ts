// The console's pages in real Chromium (the Debian package, driven by playwright-core): signing in by the
// emailed link, axe-core's WCAG 2.2 AA checks at desktop and 320 px, the keyboard, and the CSP.
import { Browser, BrowserContext, Page } from 'playwright-core';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, createConsoleUser, signInToConsole } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

describe('the console in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;

  beforeAll(async () => {
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
  });
  afterAll(async () => browser?.close());

  async function withContext(
    viewport: typeof DESKTOP,
    use: (page: Page, context: BrowserContext) => Promise<void>,
  ) {
    const context = await browser.newContext({ viewport });
    try {
      await use(await context.newPage(), context);
    } finally {
      await context.close();
    }
  }

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('signs in by email link and is accessible on every step (%s)', async (_name, viewport) => {
    await withContext(viewport, async (page, context) => {
      const violations = cspViolations(page);
      await page.goto(`${suite.waymark.baseUrl}/console/account`);
      expect(new URL(page.url()).pathname).toBe('/console/sign-in');
      await expectAccessible(page);
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      expect(new URL(page.url()).pathname).toBe('/console/account');
      expect(await page.textContent('main')).toContain(coordinator.email);
      await expectAccessible(page);
      // Nothing wider than the screen.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'waymark-console', httpOnly: true, sameSite: 'Lax' });

      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await expectAccessible(page);
      expect(violations).toEqual([]);
    });
  });

  it('signs in and out with the keyboard alone', async () => {
    await withContext(DESKTOP, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      // Tab from the top of the page to the sign-out button, then press it.
      let focused = '';
      for (let i = 0; i < 20 && focused !== 'Sign out'; i += 1) {
        await page.keyboard.press('Tab');
        focused = (await page.evaluate('document.activeElement.textContent')) as string;
        focused = focused.trim();
      }
      expect(focused).toBe('Sign out');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
    });
  });
});
