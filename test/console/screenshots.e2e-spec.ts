// Screenshots of each console page at desktop width and at 320 px, written to docs/images/console/ for the
// documentation (commit the PNGs). Each page is checked with axe as it is photographed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, createConsoleUser, signInToConsole } from '../support/console';
import { waymarkSuite } from '../support/suite';
import { planFixture } from '../fixtures/plans/plan-fixtures';

const OUT = join(__dirname, '..', '..', 'docs', 'images', 'console');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, '320': { width: 320, height: 900 } };

describe('console screenshots', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let admin: ConsoleUser;
  let boardId: string;
  const seedPlan = join(tmpdir(), `screenshots-${process.pid}-sandwell-implementation-plan.xlsx`);

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    admin = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id, 'ADMIN');
    writeFileSync(seedPlan, await planFixture('sandwell-implementation-plan.xlsx').build());
    const board = await suite.waymark.prisma.board.create({
      data: { partnershipId: suite.fixture.partnership.id, name: 'Domestic Abuse Local Partnership Board' },
    });
    boardId = board.id;
    await suite.waymark.prisma.boardMember.create({
      data: { boardId, contactId: suite.fixture.lead.id, category: 'POLICING_CRIMINAL_JUSTICE' },
    });
    await suite.waymark.prisma.boardMeeting.create({
      data: { boardId, meetsOn: new Date(Date.now() + 40 * 86_400_000) },
    });
  });
  afterAll(async () => browser?.close());

  /** Each page: its file name and how to reach it from a signed-in page. */
  const pages: Record<string, (page: Page) => Promise<void>> = {
    account: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/account`);
    },
    plan: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/plan`);
    },
    'plan-check': async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/plan`);
      await page.locator('input[type=file]').first().setInputFiles(seedPlan);
      await page.getByRole('button', { name: 'Check the plan' }).click();
      await page.getByRole('heading', { name: 'Check the plan before importing it' }).waitFor();
    },
    board: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/board/${boardId}`);
    },
    // Signs in as an admin: the pages after it are photographed as the admin.
    users: async (page) => {
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await signInToConsole(page, suite, admin.email, '/console/users');
    },
  };

  it.each(Object.entries(VIEWPORTS))('photographs every page (%s)', async (width, viewport) => {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await page.goto(`${suite.waymark.baseUrl}/console/sign-in`);
      await page.screenshot({ path: join(OUT, `sign-in-${width}.png`), fullPage: true });
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      for (const [name, open] of Object.entries(pages)) {
        await open(page);
        await expectAccessible(page);
        await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
      }
    } finally {
      await context.close();
    }
  });
});
