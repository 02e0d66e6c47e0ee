// The console's Plan pages in real Chromium: importing a seed plan from its dry run with the keyboard alone,
// every page through axe at desktop and 320 px, nothing written before the import, the checked file only,
// the export, and the CSRF guard on the upload.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ONBOARDINGS } from '../fixtures/plans/onboarding';
import { planFixture } from '../fixtures/plans/plan-fixtures';
import { createPartnership } from '../support/fixtures';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, consoleAgent, createConsoleUser, signInToConsole } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };
const SEED_PLAN = 'sandwell-implementation-plan.xlsx';

describe('the Plan pages in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    const dir = mkdtempSync(join(tmpdir(), 'console-plan-'));
    for (const name of [SEED_PLAN, 'row-errors.csv', 'budget.xlsx', 'herefordshire-work-plan.csv']) {
      files[name] = join(dir, name);
      writeFileSync(files[name], await planFixture(name).build());
    }
    files.contacts = join(dir, 'sandwell-contacts.xlsx');
    writeFileSync(files.contacts, await ONBOARDINGS[0].contacts());
  });
  afterAll(async () => browser?.close());

  const strategyId = () => suite.fixture.strategy.id;
  const actionCount = () => suite.waymark.prisma.action.count({ where: { strategyId: strategyId() } });

  async function withPage(
    viewport: typeof DESKTOP,
    use: (page: Page, context: BrowserContext) => Promise<void>,
    user = coordinator,
  ) {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      // A standing listener turns file-chooser interception on now: Playwright enables it without waiting,
      // so a listener added just before the key press could lose the race and the chooser open natively.
      page.on('filechooser', () => undefined);
      await signInToConsole(page, suite, user.email, '/console/plan');
      await use(page, context);
    } finally {
      await context.close();
    }
  }

  /** Presses Tab until the focused element is the one `matches` describes (by its label or text). */
  async function tabTo(
    page: Page,
    matches: (focused: { tag: string; text: string; label: string }) => boolean,
  ) {
    for (let i = 0; i < 60; i += 1) {
      await page.keyboard.press('Tab');
      const focused = (await page.evaluate(`(() => {
        const el = document.activeElement;
        return { tag: el.tagName, text: (el.textContent || '').trim(), label: el.labels?.[0]?.textContent.trim() ?? '' };
      })()`)) as { tag: string; text: string; label: string };
      if (matches(focused)) return;
    }
    throw new Error('Tabbed through the page without reaching the element');
  }

  /** With the file input focused, opens it with the keyboard and chooses `path` in the file chooser. */
  async function chooseFileWithKeyboard(page: Page, path: string) {
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(path);
  }

  it('imports a seed plan from its dry run with the keyboard alone', async () => {
    await withPage(DESKTOP, async (page) => {
      const violations = cspViolations(page);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Action plan');
      const before = await actionCount();

      await tabTo(page, (f) => f.tag === 'INPUT' && f.label.startsWith('Action plan file'));
      await chooseFileWithKeyboard(page, files[SEED_PLAN]);
      await tabTo(page, (f) => f.text === 'Check the plan');
      await page.keyboard.press('Enter');

      // The dry run: what each column is read as, and what would be created; nothing written yet.
      await page.getByRole('heading', { name: 'Check the plan before importing it' }).waitFor();
      const main = (await page.textContent('main'))!;
      expect(main).toContain('How the columns are read');
      expect(main).toMatch(/Theme\s*Imported as the priority/);
      expect(main).toMatch(/Lead Partner\/s\s*Imported as the lead organisations/);
      expect(main).toContain('What would be created or changed (30)');
      expect(main).toContain('This is a check only: nothing has been written yet.');
      expect(await actionCount()).toBe(before);

      await tabTo(page, (f) => f.tag === 'INPUT' && f.label === 'The file you checked');
      await chooseFileWithKeyboard(page, files[SEED_PLAN]);
      await tabTo(page, (f) => f.text === 'Import the plan');
      await page.keyboard.press('Enter');

      // The import report: the actions created, and who will be asked.
      await page.getByRole('heading', { name: 'Plan imported' }).waitFor();
      const report = (await page.textContent('main'))!;
      expect(report).toContain('30 new, 0 changed');
      expect(report).toContain('What happens next');
      expect(report).toContain('Created or changed (30)');
      expect(await actionCount()).toBe(before + 30);
      const audit = await suite.waymark.prisma.auditEvent.count({
        where: {
          partnershipId: suite.fixture.partnership.id,
          event: 'action.created',
          actorId: coordinator.userId,
        },
      });
      expect(audit).toBe(30);
      expect(violations).toEqual([]);
    });
  });

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('every Plan page is accessible and fits the screen (%s)', async (_name, viewport) => {
    // A partnership of its own, so that its imports leave the journey's strategy alone.
    const own = await createPartnership(suite.waymark.prisma);
    const user = await createConsoleUser(suite.waymark.prisma, own.partnership.id);
    await withPage(
      viewport,
      async (page) => {
        const fits = async () =>
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            viewport.width,
          );
        await expectAccessible(page);
        await fits();

        // A plan with row errors: the problems by row and column, and no import button.
        await page.locator('input[type=file]').first().setInputFiles(files['row-errors.csv']);
        await page.getByRole('button', { name: 'Check the plan' }).click();
        await page.getByRole('heading', { name: 'Check the plan before importing it' }).waitFor();
        expect(await page.textContent('main')).toContain('This plan cannot be imported yet');
        expect(
          await page.getByRole('table', { name: 'Problems that stop the import' }).textContent(),
        ).toContain('A1');
        expect(await page.getByRole('button', { name: 'Import the plan' }).count()).toBe(0);
        await expectAccessible(page);
        await fits();

        // Not a plan at all: the reason, and the upload again.
        await page.locator('input[type=file]').setInputFiles(files['budget.xlsx']);
        await page.getByRole('button', { name: 'Check the plan' }).click();
        await page.getByRole('heading', { name: 'The file could not be read as an action plan' }).waitFor();
        await expectAccessible(page);
        await fits();

        // A clean plan: its dry run, then its import report.
        await page.locator('input[type=file]').setInputFiles(files['herefordshire-work-plan.csv']);
        await page.getByRole('button', { name: 'Check the plan' }).click();
        await page.getByRole('heading', { name: 'Check the plan before importing it' }).waitFor();
        await expectAccessible(page);
        await fits();
        await page.locator('input[type=file]').setInputFiles(files['herefordshire-work-plan.csv']);
        await page.getByRole('button', { name: 'Import the plan' }).click();
        await page.getByRole('heading', { name: 'Plan imported' }).waitFor();
        await expectAccessible(page);
        await fits();
      },
      user,
    );
  });

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('checks then imports a contacts sheet (%s)', async (_name, viewport) => {
    const own = await createPartnership(suite.waymark.prisma);
    const user = await createConsoleUser(suite.waymark.prisma, own.partnership.id);
    const contacts = () =>
      suite.waymark.prisma.contact.count({ where: { partnershipId: own.partnership.id } });
    const before = await contacts();
    await withPage(
      viewport,
      async (page) => {
        const check = async () => {
          await expectAccessible(page);
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
            viewport.width,
          );
        };
        await page.locator('input[type=file]').last().setInputFiles(files.contacts);
        await page.getByRole('button', { name: 'Check the contacts' }).click();
        await page.getByRole('heading', { name: 'Check the contacts before importing them' }).waitFor();
        await check();
        expect(await contacts()).toBe(before);
        await page.locator('input[type=file]').setInputFiles(files.contacts);
        await page.getByRole('button', { name: 'Import the contacts' }).click();
        await page.getByRole('heading', { name: 'Contacts imported' }).waitFor();
        await check();
        expect(await contacts()).toBeGreaterThan(before);
      },
      user,
    );
  });

  it('imports only the file that was checked, and offers the export', async () => {
    const { agent, csrf } = await consoleAgent(suite, coordinator.email);
    const before = await actionCount();
    const upload = (step: string, file: string, checked?: string) => {
      const call = agent
        .post(`/console/plan/${strategyId()}/${step}?_csrf=${csrf}`)
        .attach('file', files[file]);
      return checked ? call.field('checked', checked) : call;
    };
    const dryRun = await upload('check', 'row-errors.csv').expect(200);
    const checked = /name="checked" value="([0-9a-f]{64})"/.exec(dryRun.text)?.[1];
    expect(checked).toBeUndefined(); // a plan with errors offers no import
    const clean = await upload('check', SEED_PLAN).expect(200);
    const seedHash = /name="checked" value="([0-9a-f]{64})"/.exec(clean.text)![1];

    // Another file under the seed plan's check: nothing imported, that file's own check shown instead.
    const other = await upload('import', 'herefordshire-work-plan.csv', seedHash).expect(200);
    expect(other.text).toContain('is not the file you checked, so nothing was imported');
    expect(await actionCount()).toBe(before);

    const exported = await agent.get(`/console/plan/${strategyId()}/export`).expect(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename=".+action plan\.xlsx"$/);
    const sheet = await agent.get('/console/plan/contacts/export').expect(200);
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses an upload without the form token, and a board viewer, writing nothing', async () => {
    const { agent } = await consoleAgent(suite, coordinator.email);
    const before = await actionCount();
    const refused = await agent.post(`/console/plan/${strategyId()}/check`).attach('file', files[SEED_PLAN]);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This form has expired');

    const viewer = await createConsoleUser(
      suite.waymark.prisma,
      suite.fixture.partnership.id,
      'BOARD_VIEWER',
    );
    const asViewer = await consoleAgent(suite, viewer.email);
    const forbidden = await asViewer.agent
      .post(`/console/plan/${strategyId()}/check?_csrf=${asViewer.csrf}`)
      .attach('file', files[SEED_PLAN]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('You cannot do this');
    expect(await actionCount()).toBe(before);
  });
});
