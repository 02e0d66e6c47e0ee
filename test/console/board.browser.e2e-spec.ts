// The console's Board pages in real Chromium: members against the s.58 categories, the meetings and when
// each report goes, a past report (built for real) to download; axe at desktop and 320 px; another
// partnership's coordinator gets the 404 page.
import { Browser } from 'playwright-core';
import { BoardReportDelivery } from '@waymark/reports';
import { createPartnership } from '../support/fixtures';
import { expectAccessible, launchChromium } from '../support/browser';
import { ConsoleUser, consoleAgent, createConsoleUser, signInToConsole } from '../support/console';
import { waymarkSuite } from '../support/suite';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };
const DAY = 86_400_000;
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

describe('the Board pages in Chromium', () => {
  const suite = waymarkSuite();
  let browser: Browser;
  let coordinator: ConsoleUser;
  let boardId: string;
  let reportId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    const { prisma } = suite.waymark;
    const partnershipId = suite.fixture.partnership.id;
    coordinator = await createConsoleUser(prisma, partnershipId);
    const board = await prisma.board.create({
      data: { partnershipId, name: 'Testshire Domestic Abuse Local Partnership Board' },
    });
    boardId = board.id;
    const chair = await prisma.contact.create({
      data: { partnershipId, name: 'Cllr Dana Chair', email: `chair+${board.id}@council.example.org` },
    });
    await prisma.boardMember.createMany({
      data: [
        { boardId, contactId: chair.id, category: 'LOCAL_AUTHORITY', role: 'Chair', isChair: true },
        { boardId, contactId: suite.fixture.lead.id, category: 'POLICING_CRIMINAL_JUSTICE' },
      ],
    });
    // A meeting three weeks ago whose report was built and kept, and one to come.
    const past = await prisma.boardMeeting.create({ data: { boardId, meetsOn: new Date(isoDay(-21)) } });
    await prisma.boardMeeting.create({ data: { boardId, meetsOn: new Date(isoDay(40)) } });
    const prepared = await suite.waymark.api
      .get(BoardReportDelivery)
      .prepare(boardId, new Date(Date.now() - 28 * DAY));
    if (prepared.outcome !== 'ready') throw new Error(`No report: ${prepared.outcome}`);
    reportId = prepared.reportId;
    expect(await prisma.boardReport.findUniqueOrThrow({ where: { id: reportId } })).toMatchObject({
      meetingId: past.id,
    });
  });
  afterAll(async () => browser?.close());

  it.each([
    ['desktop', DESKTOP],
    ['320 px', PHONE],
  ])('shows the members, meetings and past reports (%s)', async (_name, viewport) => {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await signInToConsole(page, suite, coordinator.email, '/console/board');
      const check = async () => {
        await expectAccessible(page);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          viewport.width,
        );
      };
      await check();
      await page.getByRole('link', { name: 'Testshire Domestic Abuse Local Partnership Board' }).click();
      await page.getByRole('heading', { name: 'Testshire Domestic Abuse Local Partnership Board' }).waitFor();
      await check();
      const members = (await page.getByRole('table', { name: 'Members by category' }).textContent())!;
      expect(members).toMatch(/The council \(Tier 1 authority\)\s*Cllr Dana Chair \(Chair\)\s*Required/);
      expect(members).toContain('Sam Fictional, Testshire Police');
      // Victims, children of victims, charities and health have nobody.
      expect(members.match(/Required: missing/g)).toHaveLength(4);
      expect(await page.textContent('main')).toContain(
        'The Act requires members for 4 categories that have nobody.',
      );
      expect(await page.getByRole('table', { name: 'Coming meetings' }).textContent()).toContain('7:00am');
      await page.getByRole('link', { name: /^Report for the meeting of/ }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('downloads a past report as it was kept; another partnership gets the 404 page', async () => {
    const { agent } = await consoleAgent(suite, coordinator.email);
    const file = await agent
      .get(`/console/board/${boardId}/reports/${reportId}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const kept = await suite.waymark.prisma.boardReport.findUniqueOrThrow({ where: { id: reportId } });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${kept.fileName}"`);
    expect(Buffer.compare(file.body as Buffer, Buffer.from(kept.content))).toBe(0);

    const other = await createPartnership(suite.waymark.prisma);
    const outsider = await consoleAgent(
      suite,
      (await createConsoleUser(suite.waymark.prisma, other.partnership.id)).email,
    );
    for (const path of [`/console/board/${boardId}`, `/console/board/${boardId}/reports/${reportId}`]) {
      const res = await outsider.agent.get(path);
      expect([res.status, /Page not found/.test(res.text)]).toEqual([404, true]);
    }
    // Their own board cannot reach this report either.
    const theirs = await suite.waymark.prisma.board.create({
      data: { partnershipId: other.partnership.id, name: 'Their board' },
    });
    expect((await outsider.agent.get(`/console/board/${theirs.id}/reports/${reportId}`)).status).toBe(404);
  });
});
