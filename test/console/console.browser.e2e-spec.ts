// The console's pages in real Chromium (the Debian package, driven by playwright-core): signing in by the
// emailed link, axe-core's WCAG 2.2 AA checks at desktop and 320 px, the keyboard, and the CSP.
import { Browser, BrowserContext, Page } from 'playwright-core';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import request from 'supertest';
import { createAction, linksIn } from '../chasing/chasing-fixtures';
import { ConsoleUser, createConsoleUser, signInToConsole, tabTo } from '../support/console';
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
    javaScriptEnabled = true,
  ) {
    const context = await browser.newContext({ viewport, javaScriptEnabled });
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

  /** A coordinator of their own: one user is sent at most five sign-in links in 15 minutes. */
  const officer = () => createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);

  /** An action of the suite's partnership whose lead has been asked (its request is open); returns its id. */
  async function askedAction(ref: string, rag?: 'RED' | 'AMBER'): Promise<{ id: string; link: string }> {
    const f = suite.fixture;
    const id = await createAction(suite.http(), f, f.lead.id, ref, '2027-03-31');
    if (rag)
      await suite.http().patch(`/api/actions/${id}`).send({ rag, priorityId: f.priority.id }).expect(200);
    const message = await suite.catcher.waitFor(
      (m) => m.to.includes(f.lead.email) && ref in linksIn(m),
      30_000,
    );
    return { id, link: linksIn(message)[ref] };
  }

  it('keyboard only: finds the red actions and nudges one', async () => {
    const { id } = await askedAction('RED-1', 'RED');
    await askedAction('GREEN-1', 'AMBER');
    await withContext(DESKTOP, async (page) => {
      await signInToConsole(page, suite, (await officer()).email);
      expect(new URL(page.url()).pathname).toBe('/console');
      await tabTo(page, /Prevention and early intervention: red actions$/);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/console\/actions\?.*rag=RED/);
      expect(await page.textContent('main')).not.toContain('GREEN-1');
      await tabTo(page, 'RED-1 Action RED-1');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/console/actions/${id}`);
      await tabTo(page, /^Remind the lead now/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Remind the lead now' }).waitFor();
      await tabTo(page, 'Remind the lead now');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/console/actions/${id}?done=nudge`);
      expect(await page.textContent('.govuk-notification-banner')).toContain('A reminder is on its way');
    });
    // The lead's reminder (one email for all their open requests) goes out at once.
    await suite.catcher.waitFor(
      (m) => m.to.includes(suite.fixture.lead.email) && /^Reminder: update needed/.test(m.subject),
      30_000,
    );
  });

  it('keyboard only: approves a proposed date', async () => {
    const { id, link } = await askedAction('DATE-1');
    // The lead proposes a new date on their form.
    await request(suite.waymark.api.getHttpServer())
      .post(new URL(link).pathname)
      .type('form')
      .send({
        status: 'AT_RISK',
        commentary: 'The new provider starts in July.',
        proposedDueDateDay: '30',
        proposedDueDateMonth: '9',
        proposedDueDateYear: '2027',
        proposedDueDateReason: 'Provider changed',
      })
      .expect(303);
    await withContext(DESKTOP, async (page) => {
      await signInToConsole(page, suite, (await officer()).email, `/console/actions/${id}`);
      expect(await page.textContent('main')).toContain('The new provider starts in July.');
      await tabTo(page, /^Decide the proposed date/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Decide the proposed date' }).waitFor();
      await tabTo(page, 'Approve: it becomes the due date');
      await page.keyboard.press('Space');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Check: Decide the proposed date' }).waitFor();
      expect(await page.textContent('main')).toContain('Approve Thursday 30 September 2027');
      await tabTo(page, 'Confirm: decide the proposed date');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/console/actions/${id}?done=proposed-date`);
      expect(await page.textContent('main')).toContain('Thursday 30 September 2027');
    });
    const action = await suite.waymark.prisma.action.findUniqueOrThrow({ where: { id } });
    expect(action.dueDate?.toISOString().slice(0, 10)).toBe('2027-09-30');
  });

  it('works without JavaScript: a control with its check, at 320 px', async () => {
    const { id } = await askedAction('NOJS-1');
    await withContext(
      PHONE,
      async (page) => {
        await signInToConsole(page, suite, (await officer()).email, `/console/actions/${id}`);
        await page.getByRole('link', { name: /^Pause chasing/ }).click();
        await page.getByLabel('Why (optional)').fill('Team restructure until March');
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { name: 'Check: Pause chasing' }).waitFor();
        expect(await page.textContent('main')).toContain('Team restructure until March');
        await page.getByRole('button', { name: 'Confirm: pause chasing' }).click();
        await page.waitForURL(`**/console/actions/${id}?done=pause`);
        expect(await page.textContent('main')).toContain('Reason: Team restructure until March');
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      },
      false,
    );
    expect((await suite.waymark.prisma.action.findUniqueOrThrow({ where: { id } })).pausedAt).not.toBeNull();
  });
});
