// The console's KPI pages in real Chromium: the list with status, a KPI's page (the series as an SVG chart with
// its table, targets, revisions), settling a conflict between sources with the keyboard alone, the refusals in
// plain English, axe at desktop and 320 px; and with supertest, the form token and the roles.
import { Browser, BrowserContext, Page } from 'playwright-core';
import { kpiPeriodAt, kpiPeriodLabel, monthNumberAt, previousKpiPeriod } from '@waymark/calendar';
import { cspViolations, expectAccessible, launchChromium } from '../support/browser';
import { CONFLICT_PERIOD, ConsoleKpis, createConsoleKpis } from '../support/console-kpis';
import { ConsoleUser, consoleAgent, createConsoleUser, signInToConsole } from '../support/console';
import { eventually } from '../support/eventually';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

describe('the console: KPIs', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let kpis: ConsoleKpis;
  const url = (path: string) => `${suite.waymark.baseUrl}${path}`;

  beforeAll(async () => {
    browser = await launchChromium();
    coordinator = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    kpis = await createConsoleKpis(suite);
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

  const acceptedFigure = async () => {
    const rows = await suite.waymark.prisma.kpiValue.findMany({
      where: { kpiId: kpis.incidents.id, periodKey: CONFLICT_PERIOD },
      orderBy: { revision: 'asc' },
    });
    return rows;
  };

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])(
    'shows the list, a KPI, its conflict and the check page, each accessible (%s)',
    async (_name, viewport) => {
      await withContext(viewport, async (page) => {
        const violations = cspViolations(page);
        await signInToConsole(page, suite, coordinator.email, '/console/kpis');
        const pages: [string, string][] = [
          ['/console/kpis', 'KPIs'],
          [`/console/kpis/${kpis.incidents.id}`, 'Domestic abuse incidents reported to the police'],
          [`/console/kpis/${kpis.rate.id}`, 'Incidents per 1,000 residents in the year'],
          [`/console/kpis/${kpis.empty.id}`, 'Refuge bed nights'],
          [
            `/console/kpis/${kpis.incidents.id}/conflicts/${CONFLICT_PERIOD}`,
            'Settle the conflict for Quarter 2 2026/27',
          ],
          ['/console/kpis/reference-figures', 'Reference figures'],
        ];
        for (const [path, heading] of pages) {
          await page.goto(url(path));
          await page.getByRole('heading', { level: 1, name: heading }).waitFor();
          await expectAccessible(page);
          // Nothing wider than the screen.
          const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
          expect({ path, fits: width <= viewport.width }).toEqual({ path, fits: true });
        }
        // The check page, reached by the form.
        await page.goto(url(`/console/kpis/${kpis.incidents.id}/conflicts/${CONFLICT_PERIOD}`));
        await page.getByLabel('502 from Police episodes extract').check();
        await page.getByLabel('Why is this the right figure?').fill('The extract counts every episode');
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { level: 1, name: 'Check before you settle' }).waitFor();
        await expectAccessible(page);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
        expect(violations).toEqual([]);
      });
    },
  );

  it('lists each KPI with its status, and draws the series as a chart with the same figures in a table', async () => {
    await withContext(DESKTOP, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/kpis');
      const row = (code: string) => page.getByRole('row').filter({ hasText: code });
      expect(await row(kpis.incidents.code).textContent()).toMatch(
        /479[\s\S]*Quarter 2 2026\/27[\s\S]*Conflict to settle/,
      );
      expect(await row(kpis.empty.code).textContent()).toContain('No figures');
      // The API's filters: derived only.
      await page.getByLabel('Entered or derived').selectOption('true');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/derived=true/);
      expect(await page.getByRole('row').filter({ hasText: 'DA-' }).count()).toBe(1);
      expect(await row(kpis.rate.code).textContent()).toContain('4.22');

      await page.goto(url(`/console/kpis/${kpis.incidents.id}`));
      const chart = page.getByRole('img', {
        name: 'Domestic abuse incidents reported to the police: figures by period',
      });
      expect(await chart.getAttribute('aria-labelledby')).toBe('chart-title chart-desc');
      expect(await page.locator('#chart-desc').textContent()).toBe(
        '6 figures from Quarter 1 2025/26 (410) to Quarter 2 2026/27 (479); targets shown as a dashed line. ' +
          'The table below has every figure.',
      );
      expect(await page.locator('svg circle').count()).toBe(6);
      const table = page.getByRole('table', { name: 'The figures in the chart' });
      const cells = await table
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => [...r.children].slice(0, 3).map((c) => c.textContent?.trim())),
        );
      expect(cells).toEqual([
        ['Quarter 1 2025/26', '410', '450'],
        ['Quarter 2 2025/26', '432', '450'],
        ['Quarter 3 2025/26', '455', '450'],
        ['Quarter 4 2025/26', '441', '450'],
        ['Quarter 1 2026/27', '468', '450'],
        ['Quarter 2 2026/27', '479', '450'],
      ]);
      // Revisions: who, how, when, why.
      await page.getByText('Quarter 2 2026/27: 2 revisions').click();
      expect(
        await page.getByRole('table', { name: 'Revisions for Quarter 2 2026/27' }).textContent(),
      ).toMatch(
        /502[\s\S]*Conflict[\s\S]*Police episodes extract[\s\S]*the admin API[\s\S]*479[\s\S]*Testshire Police/,
      );
    });
  });

  it('settles a KPI conflict with the keyboard alone: list, KPI, figure, confirm, settled', async () => {
    await withContext(DESKTOP, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/kpis');
      const focused = async () =>
        ((await page.evaluate('document.activeElement?.textContent ?? ""')) as string)
          .replace(/\s+/g, ' ')
          .trim();
      const focusedId = async () => (await page.evaluate('document.activeElement?.id ?? ""')) as string;
      const tabTo = async (text: RegExp | { id: string }, most = 60) => {
        for (let i = 0; i < most; i += 1) {
          await page.keyboard.press('Tab');
          if (text instanceof RegExp ? text.test(await focused()) : (await focusedId()) === text.id) return;
        }
        throw new Error(`Never reached ${String(text instanceof RegExp ? text : text.id)} with Tab`);
      };
      // The list: the KPI whose row has a conflict to settle.
      await tabTo(new RegExp(`^${kpis.incidents.code}`));
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Conflicts to settle' }).waitFor();
      await tabTo(/^Settle the conflict for Quarter 2 2026\/27$/);
      await page.keyboard.press('Enter');
      await page
        .getByRole('heading', { level: 1, name: 'Settle the conflict for Quarter 2 2026/27' })
        .waitFor();
      // Tab into the radios (the first figure), the arrow key to the other source's figure.
      await tabTo({ id: 'keep' }, 15);
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel('502 from Police episodes extract').isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe('reason');
      await page.keyboard.type('The board agreed to report every episode');
      await tabTo(/^Continue$/, 3);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Check before you settle' }).waitFor();
      expect(await page.locator('main').textContent()).toMatch(
        /Figure to keep\s*502 from Police episodes extract/,
      );
      await tabTo(/^Settle the conflict$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'The conflict for Quarter 2 2026/27 is settled' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(
        'The figure kept is 502 (from Police episodes extract)',
      );
      expect(await page.getByRole('heading', { level: 2, name: 'Conflicts to settle' }).count()).toBe(0);
    });
    const rows = await acceptedFigure();
    expect(rows.at(-1)).toMatchObject({
      revision: 3,
      conflict: false,
      source: 'Police episodes extract',
      reason: 'The board agreed to report every episode',
      enteredBy: coordinator.userId,
      channel: 'console',
    });
    expect(rows.at(-1)?.value?.toNumber()).toBe(502);
    expect(
      await suite.waymark.prisma.auditEvent.count({
        where: { entityId: kpis.incidents.id, event: 'kpi-value.revised', actorId: coordinator.userId },
      }),
    ).toBe(1);
  });

  it('keeps the accepted figure when chosen, and refuses in plain English: no choice, settled already, no token', async () => {
    // A new conflict on the quarter before.
    await suite
      .http()
      .post(`/api/kpis/${kpis.incidents.id}/values`)
      .send({ periodKey: '2026-27-Q1', value: 470, source: 'Police episodes extract' })
      .expect(201);
    const { agent, csrf } = await consoleAgent(suite, coordinator.email);
    const path = `/console/kpis/${kpis.incidents.id}/conflicts/2026-27-Q1`;
    const form = await agent.get(path).expect(200);
    const conflictRevision = /name="conflictRevision" value="(\d+)"/.exec(form.text)?.[1] as string;
    expect(form.text).not.toContain('govuk-form-group--error');

    const none = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, conflictRevision, reason: '' })
      .expect(422);
    expect(none.text).toContain('There is a problem');
    expect(none.text).toContain('Choose which figure to keep');
    expect(none.text).toContain('Say why this figure is the right one');
    expect(none.text.match(/govuk-form-group--error/g)).toHaveLength(2);

    const noToken = await agent
      .post(`${path}/settle`)
      .type('form')
      .send({ conflictRevision, keep: 'accepted', reason: 'Police figure stands' })
      .expect(403);
    expect(noToken.text).toContain('This form has expired');

    const answers = { _csrf: csrf, conflictRevision, keep: 'accepted', reason: 'The police figure stands' };
    const check = await agent.post(path).type('form').send(answers).expect(200);
    expect(check.text).toContain('Check before you settle');
    await agent.post(`${path}/settle`).type('form').send(answers).expect(303);
    const show = await agent.get(`/console/kpis/${kpis.incidents.id}?settled=2026-27-Q1`).expect(200);
    expect(show.text).toContain('The figure kept is 468 (from Testshire Police)');
    const rows = await suite.waymark.prisma.kpiValue.findMany({
      where: { kpiId: kpis.incidents.id, periodKey: '2026-27-Q1' },
      orderBy: { revision: 'asc' },
    });
    expect(rows.map((r) => [r.value?.toNumber(), r.conflict, r.source])).toEqual([
      [468, false, 'Testshire Police'],
      [470, true, 'Police episodes extract'],
      [468, false, 'Testshire Police'],
    ]);

    // The same form again (a second tab, or another coordinator first): refused, nothing written.
    const again = await agent.post(`${path}/settle`).type('form').send(answers).expect(422);
    expect(again.text).toContain(
      'This conflict has already been settled, or another figure has arrived since',
    );
    expect(
      await suite.waymark.prisma.kpiValue.count({
        where: { kpiId: kpis.incidents.id, periodKey: '2026-27-Q1' },
      }),
    ).toBe(3);
    // With no conflict open, the form is not found.
    await agent.get(path).expect(404);
  });

  it('lets a board viewer read the KPIs but not settle a conflict', async () => {
    const viewer = await createConsoleUser(
      suite.waymark.prisma,
      suite.fixture.partnership.id,
      'BOARD_VIEWER',
    );
    await suite
      .http()
      .post(`/api/kpis/${kpis.incidents.id}/values`)
      .send({ periodKey: '2025-26-Q4', value: 444, source: 'Police episodes extract' })
      .expect(201);
    const { agent, csrf } = await consoleAgent(suite, viewer.email);
    const show = await agent.get(`/console/kpis/${kpis.incidents.id}`).expect(200);
    expect(show.text).toContain('Conflicts to settle');
    expect(show.text).not.toContain('/conflicts/2025-26-Q4');
    const path = `/console/kpis/${kpis.incidents.id}/conflicts/2025-26-Q4`;
    await agent.get(path).expect(403);
    await agent
      .post(`${path}/settle`)
      .type('form')
      .send({ _csrf: csrf, conflictRevision: '2', keep: 'accepted', reason: 'Not mine to say' })
      .expect(403);
  });

  it("shows the last quarter's KPI collection: its state, deadline, and data owners asked and answered", async () => {
    const quarter = previousKpiPeriod(kpiPeriodAt('QUARTERLY', monthNumberAt(new Date())));
    // Another coordinator: the first has had the five sign-in links a quarter of an hour allows.
    const colleague = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    const { agent } = await consoleAgent(suite, colleague.email);
    expect((await agent.get('/console/kpis').expect(200)).text).toContain(
      `Data owners have not been asked for ${kpiPeriodLabel(quarter)}`,
    );
    const respondBy = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await suite.http().post('/api/kpi-collections').send({ periodKey: quarter.key, respondBy }).expect(201);
    await eventually(async () => {
      const text = (await agent.get('/console/kpis').expect(200)).text;
      expect(text).toMatch(
        /Waiting for figures[\s\S]*Data owners asked[\s\S]*1 of 1[\s\S]*answered[\s\S]*0 of 1/,
      );
    });
  });
});
