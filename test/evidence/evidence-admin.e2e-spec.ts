// Coordinators and the evidence leads send: listed per action, downloaded (audited), quarantined, released,
// and erased for good, over HTTP against the real API and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { EvidenceService } from '@waymark/evidence';
import { httpAs } from '../support/auth';
import { binary } from '../support/binary';
import { waymarkSuite } from '../support/suite';

/** A PDF of its own: bytes are stored once per content, and other tests store the shared fixtures. */
const uniquePdf = () => Buffer.from(`%PDF-1.4\n% minutes ${randomUUID()}\n%%EOF\n`);

interface Listed {
  id: string;
  kind: 'FILE' | 'LINK';
  fileName: string | null;
  url: string | null;
  sha256: string | null;
  quarantinedAt: string | null;
  quarantineReason: string | null;
  erasedAt: string | null;
  erasureReason: string | null;
  downloadPath: string | null;
}

describe('evidence in the admin API', () => {
  const suite = waymarkSuite();

  /** A new action with an update carrying these files and links, recorded as the lead form records them. */
  async function actionWithEvidence(files: { fileName: string; content: Buffer }[], links: string[] = []) {
    const { prisma } = suite.waymark;
    const { partnership, strategy } = suite.fixture;
    const action = await prisma.action.create({
      data: {
        partnershipId: partnership.id,
        strategyId: strategy.id,
        ref: `EV-${randomUUID().slice(0, 6)}`,
        title: 'Train frontline staff',
        text: 'Train frontline staff.',
      },
    });
    const evidence = suite.waymark.api.get(EvidenceService);
    const { accepted, problems } = evidence.prepare({ files, links });
    expect(problems).toEqual([]);
    await prisma.$transaction(async (tx) => {
      const update = await tx.update.create({
        data: { partnershipId: partnership.id, actionId: action.id, channel: 'FORM', status: 'ON_TRACK' },
      });
      await evidence.record(
        tx,
        { partnershipId: partnership.id, actionId: action.id, updateId: update.id },
        accepted,
      );
    });
    return action.id;
  }

  const list = async (actionId: string): Promise<Listed[]> =>
    (await suite.http().get(`/api/actions/${actionId}/evidence`).expect(200)).body.items;

  it('lists an action’s evidence and downloads a file as sent, with safe headers, audited', async () => {
    const pdf = uniquePdf();
    const actionId = await actionWithEvidence(
      [{ fileName: 'Réunion minutes "May".pdf', content: pdf }],
      ['https://intranet.example.org/training'],
    );
    const items = await list(actionId);
    expect(items).toHaveLength(2);
    const file = items.find((i) => i.kind === 'FILE')!;
    const link = items.find((i) => i.kind === 'LINK')!;
    expect(file).toMatchObject({
      erasedAt: null,
      quarantinedAt: null,
      downloadPath: `/api/evidence/${file.id}/content`,
    });
    expect(link).toMatchObject({ url: 'https://intranet.example.org/training', downloadPath: null });

    const res = await suite.http().get(file.downloadPath!).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(res.body as Buffer, pdf)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1])).toBe(
      file.fileName,
    );
    const downloads = await suite.waymark.prisma.auditEvent.findMany({
      where: { entityId: file.id, event: 'evidence.downloaded' },
    });
    expect(downloads).toEqual([expect.objectContaining({ actorId: suite.caller.userId, channel: 'api' })]);

    const linkRes = await suite.http().get(`/api/evidence/${link.id}/content`).expect(409);
    expect(linkRes.body.detail ?? linkRes.body.title).toBeDefined();
  });

  it('quarantines a file (no download until released), audited without its name', async () => {
    const actionId = await actionWithEvidence([{ fileName: 'case-notes.pdf', content: uniquePdf() }]);
    const [file] = await list(actionId);
    const http = suite.http;

    const quarantined = await http()
      .post(`/api/evidence/${file.id}/quarantine`)
      .send({ reason: 'May hold case details' })
      .expect(200);
    expect(quarantined.body).toMatchObject({ quarantineReason: 'May hold case details', downloadPath: null });
    expect(quarantined.body.quarantinedAt).toEqual(expect.any(String));
    const blocked = await http().get(`/api/evidence/${file.id}/content`).expect(409);
    expect(JSON.stringify(blocked.body)).toContain('quarantined');
    await http().post(`/api/evidence/${file.id}/quarantine`).send({ reason: 'Again' }).expect(409);

    const released = await http().post(`/api/evidence/${file.id}/release`).expect(200);
    expect(released.body).toMatchObject({
      quarantinedAt: null,
      downloadPath: `/api/evidence/${file.id}/content`,
    });
    await http().get(`/api/evidence/${file.id}/content`).expect(200);
    await http().post(`/api/evidence/${file.id}/release`).expect(409);

    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { entityId: file.id, event: { in: ['evidence.quarantined', 'evidence.released'] } },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => e.event)).toEqual(['evidence.quarantined', 'evidence.released']);
    expect(JSON.stringify(events.map((e) => [e.before, e.after]))).not.toContain('case-notes');
  });

  it('erases a file for good: its name and bytes go, unless other live evidence holds the same bytes', async () => {
    const { prisma } = suite.waymark;
    const shared = uniquePdf();
    const first = await actionWithEvidence([{ fileName: 'Jo Bloggs referral.pdf', content: shared }]);
    const second = await actionWithEvidence([{ fileName: 'referral copy.pdf', content: shared }]);
    const [a] = await list(first);
    const [b] = await list(second);
    expect(a.sha256).toBe(b.sha256);

    const erased = await suite
      .http()
      .post(`/api/evidence/${a.id}/erase`)
      .send({ reason: 'Identifies a survivor' })
      .expect(200);
    expect(erased.body).toMatchObject({
      fileName: null,
      erasureReason: 'Identifies a survivor',
      downloadPath: null,
      sha256: a.sha256,
    });
    // The other action's copy is live, so the bytes stay for it.
    expect(await prisma.evidenceFile.count({ where: { sha256: a.sha256! } })).toBe(1);
    await suite.http().get(`/api/evidence/${a.id}/content`).expect(410);
    await suite.http().get(`/api/evidence/${b.id}/content`).expect(200);

    await suite.http().post(`/api/evidence/${b.id}/erase`).send({ reason: 'Same file' }).expect(200);
    expect(await prisma.evidenceFile.count({ where: { sha256: a.sha256! } })).toBe(0);
    await suite.http().post(`/api/evidence/${b.id}/erase`).send({ reason: 'Same file' }).expect(410);
    await suite.http().post(`/api/evidence/${b.id}/quarantine`).send({ reason: 'Too late' }).expect(410);

    const [listed] = await list(first);
    expect(listed).toMatchObject({ fileName: null, erasedAt: expect.any(String), downloadPath: null });
    const rows = await prisma.evidence.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(rows.every((r) => r.fileName === null && r.erasedAt !== null)).toBe(true);
    const trail = await prisma.auditEvent.findMany({ where: { entityId: { in: [a.id, b.id] } } });
    expect(trail.map((e) => e.event).sort()).toEqual([
      'evidence.downloaded',
      'evidence.erased',
      'evidence.erased',
    ]);
    expect(JSON.stringify(trail.map((e) => [e.before, e.after]))).not.toMatch(/Bloggs|referral/);
  });

  it('refuses a bad body and a board viewer’s changes, and changes nothing', async () => {
    const { prisma } = suite.waymark;
    const actionId = await actionWithEvidence([{ fileName: 'plan.pdf', content: uniquePdf() }]);
    const [file] = await list(actionId);
    const before = await prisma.evidence.findUniqueOrThrow({ where: { id: file.id } });

    const bad = await suite.http().post(`/api/evidence/${file.id}/erase`).send({ reason: '' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    await suite
      .http()
      .post(`/api/evidence/${file.id}/quarantine`)
      .send({ reason: 'ok!', extra: 1 })
      .expect(400);

    const viewer = await httpAs(suite.waymark, suite.fixture.partnership.id, 'BOARD_VIEWER');
    await viewer.get(`/api/actions/${actionId}/evidence`).expect(200);
    await viewer.get(`/api/evidence/${file.id}/content`).expect(403);
    await viewer.post(`/api/evidence/${file.id}/erase`).send({ reason: 'Viewer tries' }).expect(403);

    expect(await prisma.evidence.findUniqueOrThrow({ where: { id: file.id } })).toEqual(before);
    expect(await prisma.auditEvent.count({ where: { entityId: file.id } })).toBe(0);
  });
});
