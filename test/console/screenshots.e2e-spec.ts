// Screenshots of each console page at desktop width and at 320 px, written to docs/images/console/ for the
// documentation (commit the PNGs). Each page is checked with axe as it is photographed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, createConsoleUser, signInToConsole } from '../support/console';
import { CONFLICT_PERIOD, ConsoleKpis, createConsoleKpis } from '../support/console-kpis';
import { waymarkSuite } from '../support/suite';

const OUT = join(__dirname, '..', '..', 'docs', 'images', 'console');
const VIEWPORTS = { desktop: { width: 1280, height: 900 }, '320': { width: 320, height: 900 } };

describe('console screenshots', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let kpis: ConsoleKpis | undefined;
  const withKpis = async () => (kpis ??= await createConsoleKpis(suite));

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
  });
  afterAll(async () => browser?.close());

  /** Each page: its file name and how to reach it from a signed-in page. */
  const pages: Record<string, (page: Page) => Promise<void>> = {
    account: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/account`);
    },
    kpis: async (page) => {
      await withKpis();
      await page.goto(`${suite.waymark.baseUrl}/console/kpis`);
    },
    kpi: async (page) => {
      await page.goto(`${suite.waymark.baseUrl}/console/kpis/${(await withKpis()).incidents.id}`);
    },
    'kpi-conflict': async (page) => {
      const { incidents } = await withKpis();
      await page.goto(`${suite.waymark.baseUrl}/console/kpis/${incidents.id}/conflicts/${CONFLICT_PERIOD}`);
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
