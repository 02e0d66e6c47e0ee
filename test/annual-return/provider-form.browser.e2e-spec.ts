// A provider's form in real Chromium (the Debian package, driven by playwright-core) against the running
// API and worker: reached from the request email, accessible (axe-core); a figure that cannot be read is an
// error with the summary focused and the figures typed kept; save and come back; then sent, and the figures
// are in the return.
import { Browser } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { waymarkSuite } from '../support/suite';

describe("a provider's form in Chromium", () => {
  const suite = waymarkSuite();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('reports a figure it cannot read, keeps a partial save, and sends the figures into the return', async () => {
    const { prisma } = suite.waymark;
    const { fixture } = suite;
    const contact = await prisma.contact.create({
      data: {
        partnershipId: fixture.partnership.id,
        organisationId: fixture.organisation.id,
        name: 'Robin Fictional',
        email: `robin+${fixture.partnership.id.slice(0, 8)}@example.org`,
      },
    });
    await suite
      .http()
      .post('/api/safe-accommodation-services')
      .send({
        name: 'Willow refuge',
        providerOrganisationId: fixture.organisation.id,
        accommodationType: 'REFUGE',
        byAndFor: false,
        specialistGroups: [],
        supportTypes: [],
        dataContactId: contact.id,
        contractStart: '2024-04-01',
        contractEnd: null,
        capacities: [],
        qualityStandards: [],
      })
      .expect(201);
    const opened = (await suite.http().post('/api/returns').send({ financialYear: '2025-26' }).expect(201))
      .body;
    const respondBy = new Date(Date.now() + 3_600_000).toISOString();
    await suite.http().post(`/api/returns/${opened.id}/collection`).send({ respondBy }).expect(201);
    const email = await suite.catcher.waitFor((m) => m.to.includes(contact.email), 60_000);
    const link = (email.text ?? '').match(/https?:\/\/\S+\/p\/[A-Za-z0-9_-]{43}/)![0];

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(link.replace(/^https?:\/\/[^/]+/, suite.waymark.baseUrl));
      expect(await page.title()).toContain('Figures for the 2025-26 return');
      await expectAccessible(page);

      // A figure that cannot be read: the error summary, focused, linking to the field; the rest kept.
      await page.getByLabel('Refuge accommodation').first().fill('twelve');
      await page.locator('#cell-Q04_INDIVIDUALS_TOTAL').fill('31');
      await page.getByRole('button', { name: 'Send to the council' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.textContent('.govuk-error-summary')).toContain('Enter a whole number');
      expect(await page.evaluate('document.activeElement.className')).toContain('govuk-error-summary');
      expect(await page.locator('#cell-Q04_INDIVIDUALS_TOTAL').inputValue()).toBe('31');
      await expectAccessible(page);

      // Saved, not sent: nothing in the return yet; the form comes back as it was left.
      await page.getByLabel('Refuge accommodation').first().fill('12');
      await page.getByRole('button', { name: 'Save and come back later' }).click();
      await page.waitForSelector('.govuk-notification-banner');
      const draft = async () => (await suite.http().get(`/api/returns/${opened.id}`).expect(200)).body;
      expect((await draft()).answers.Q04_INDIVIDUALS_TOTAL).toBeUndefined();
      await page.reload();
      expect(await page.locator('#cell-Q04_INDIVIDUALS_TOTAL').inputValue()).toBe('31');

      // Sent: the confirmation, and the figures in the return as the provider's.
      await page.getByRole('button', { name: 'Send to the council' }).click();
      await page.waitForSelector('.govuk-panel');
      expect(await page.textContent('.govuk-panel')).toContain('Figures sent');
      await expectAccessible(page);
      expect((await draft()).answers.Q04_INDIVIDUALS_TOTAL).toEqual({ '': 31 });
      expect((await draft()).answers.Q01_BEDSPACES).toEqual({ refuge: 12 });
    } finally {
      await context.close();
    }
  });
});
