// Evidence (/console/evidence) in real Chromium: axe at desktop and 320 px on every page, quarantine, release,
// download (audited) and erasure with the keyboard alone, refusals in plain English, board viewers and CSRF.
import { createHash, randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { expectAccessible, launchChromium } from '../support/browser';
import { consoleAgent, ConsoleUser, createConsoleUser, signInToConsole, tabTo } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

describe('evidence in the console', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let actions: { id: string; ref: string }[];

  /** A PDF a lead sent with an update on the action, its bytes stored once by checksum as the recorder does. */
  async function sentFile(actionId: string, fileName = 'Training-register.pdf') {
    const { prisma } = suite.waymark;
    const content = Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`);
    const sha256 = createHash('sha256').update(content).digest('hex');
    await prisma.evidenceFile.create({
      data: {
        sha256,
        content: new Uint8Array(content),
        sizeBytes: content.length,
        contentType: 'application/pdf',
      },
    });
    return prisma.evidence.create({
      data: {
        partnershipId: suite.fixture.partnership.id,
        actionId,
        kind: 'FILE',
        fileName,
        contentType: 'application/pdf',
        sizeBytes: content.length,
        sha256,
        storageKey: 'evidence-file',
      },
    });
  }

  beforeAll(async () => {
    browser = await launchChromium();
    const { prisma } = suite.waymark;
    const f = suite.fixture;
    coordinator = await createConsoleUser(prisma, f.partnership.id);
    actions = await Promise.all(
      ['P1.1', 'P1.2'].map((ref) =>
        prisma.action.create({
          data: {
            partnershipId: f.partnership.id,
            strategyId: f.strategy.id,
            priorityId: f.priority.id,
            ref,
            title: `Action ${ref}`,
            text: 'Text.',
          },
        }),
      ),
    );
    await prisma.evidence.create({
      data: {
        partnershipId: f.partnership.id,
        actionId: actions[1].id,
        kind: 'LINK',
        url: 'https://intranet.example.org/minutes',
      },
    });
  });
  afterAll(async () => browser?.close());

  async function withPage(viewport: typeof DESKTOP, use: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    try {
      await use(await context.newPage());
    } finally {
      await context.close();
    }
  }

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('lists, filters and shows every page accessibly (%s)', async (_name, viewport) => {
    const file = await sentFile(actions[0].id);
    await withPage(viewport, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/evidence');
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Training-register.pdf');
      expect(main).toContain('https://intranet.example.org/minutes');
      await expectAccessible(page);
      // The API's filter: one action's evidence.
      await page.getByLabel('Action', { exact: true }).selectOption(actions[1].id);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/action=/);
      expect(await page.textContent('main')).not.toContain('Training-register.pdf');
      await expectAccessible(page);
      for (const path of ['', '/quarantine', '/erase']) {
        await page.goto(`${suite.waymark.baseUrl}/console/evidence/${file.id}${path}`);
        await expectAccessible(page);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
      }
      expect(await page.textContent('main')).toContain('Erasing cannot be undone');
    });
  });

  it('quarantines, releases, downloads and erases a file with the keyboard alone', async () => {
    const file = await sentFile(actions[0].id, 'Names-a-survivor.pdf');
    const { prisma } = suite.waymark;
    await withPage(DESKTOP, async (page) => {
      await signInToConsole(page, suite, coordinator.email, '/console/account');
      await tabTo(page, 'Evidence');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Evidence', exact: true }).waitFor();
      await tabTo(page, 'Names-a-survivor.pdf');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/console/evidence/${file.id}`);

      await tabTo(page, 'Quarantine');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Quarantine this evidence' }).waitFor();
      await tabTo(page, '#reason');
      await page.keyboard.type('Check whether it names anyone');
      await tabTo(page, 'Quarantine');
      await page.keyboard.press('Enter');
      await page.getByText('The evidence is quarantined').waitFor();
      expect(await page.textContent('main')).toContain('Check whether it names anyone');
      expect(await page.getByRole('button', { name: 'Download the file' }).count()).toBe(0);

      await tabTo(page, 'Release');
      await page.keyboard.press('Enter');
      await page.getByText('The evidence is released').waitFor();

      await tabTo(page, 'Download the file');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.suggestedFilename()).toBe('Names-a-survivor.pdf');

      await tabTo(page, 'Erase');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Erase this evidence' }).waitFor();
      // No reason: refused, in plain English, nothing erased.
      await tabTo(page, 'Erase for good');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await page.textContent('main')).toContain('Enter a reason of 3 to 500 characters');
      expect((await prisma.evidence.findUniqueOrThrow({ where: { id: file.id } })).erasedAt).toBeNull();

      await tabTo(page, '#reason');
      await page.keyboard.type('It names a survivor');
      await tabTo(page, 'Erase for good');
      await page.keyboard.press('Enter');
      await page.getByText('The evidence is erased').waitFor();
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Erased file');
      expect(main).not.toContain('Names-a-survivor.pdf');
    });
    const erased = await prisma.evidence.findUniqueOrThrow({ where: { id: file.id } });
    expect(erased).toMatchObject({ fileName: null, erasureReason: 'It names a survivor' });
    expect(await prisma.evidenceFile.count({ where: { sha256: file.sha256! } })).toBe(0);
    const events = await prisma.auditEvent.findMany({
      where: { entityId: file.id },
      orderBy: { id: 'asc' },
      select: { event: true, actorId: true },
    });
    expect(events).toEqual(
      ['evidence.quarantined', 'evidence.released', 'evidence.downloaded', 'evidence.erased'].map(
        (event) => ({
          event,
          actorId: coordinator.userId,
        }),
      ),
    );
  });

  it('shows a refusal in plain English, and refuses a form without its token', async () => {
    const file = await sentFile(actions[0].id);
    const { agent, csrf } = await consoleAgent(suite, coordinator.email);
    await agent
      .post(`/console/evidence/${file.id}/erase`)
      .type('form')
      .send({ reason: 'No token sent' })
      .expect(403)
      .expect(/This form has expired/);
    const release = await agent
      .post(`/console/evidence/${file.id}/release`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(409);
    expect(release.text).toContain('This evidence is not quarantined. Nothing was changed.');
    await agent
      .post(`/console/evidence/${file.id}/erase`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Sent by mistake' })
      .expect(303);
    const again = await agent
      .post(`/console/evidence/${file.id}/quarantine`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Too late' })
      .expect(410);
    expect(again.text).toContain('This evidence was erased. Nothing was changed.');
    const erasePage = await agent.get(`/console/evidence/${file.id}/erase`).expect(200);
    expect(erasePage.text).toContain('There is nothing more to do');
    expect(erasePage.text).not.toContain('Erase for good');
  });

  it('lets board viewers see the list but not download or change anything', async () => {
    const file = await sentFile(actions[0].id, 'Viewer-test.pdf');
    const viewer = await createConsoleUser(
      suite.waymark.prisma,
      suite.fixture.partnership.id,
      'BOARD_VIEWER',
    );
    const { agent, csrf } = await consoleAgent(suite, viewer.email);
    expect((await agent.get('/console/evidence').expect(200)).text).toContain('Viewer-test.pdf');
    const show = await agent.get(`/console/evidence/${file.id}`).expect(200);
    expect(show.text).not.toContain('Download the file');
    await agent.get(`/console/evidence/${file.id}/download`).expect(403);
    await agent.get(`/console/evidence/${file.id}/erase`).expect(403);
    await agent
      .post(`/console/evidence/${file.id}/quarantine`)
      .type('form')
      .send({ _csrf: csrf, reason: 'Not allowed' })
      .expect(403);
    expect(
      (await suite.waymark.prisma.evidence.findUniqueOrThrow({ where: { id: file.id } })).quarantinedAt,
    ).toBeNull();
  });
});
