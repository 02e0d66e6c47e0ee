// The evidence store against real PostgreSQL: files recorded in the caller's transaction, bytes stored once
// per content, and nothing left behind when the transaction fails.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@waymark/config';
import { PrismaService, createPrismaClient } from '@waymark/db';
import { EvidenceService } from '@waymark/evidence';
import { createPartnership } from '../support/fixtures';
import { requireEnv } from '../support/waymark';

/** A PDF of its own: other test files store the shared fixtures too, and bytes are kept once. */
const uniquePdf = () => Buffer.from(`%PDF-1.4\n% attendance ${randomUUID()}\n%%EOF\n`);

describe('EvidenceService.record (PostgreSQL)', () => {
  let prisma: PrismaService;
  let evidence: EvidenceService;
  let target: { partnershipId: string; actionId: string };

  beforeAll(async () => {
    prisma = createPrismaClient(requireEnv('DATABASE_URL')) as PrismaService;
    evidence = new EvidenceService(
      loadConfig({ ...process.env, SMTP_URL: 'smtp://127.0.0.1:1025', LINK_SECRET: 'x'.repeat(32) }),
    );
    const { partnership, strategy } = await createPartnership(prisma);
    const action = await prisma.action.create({
      data: {
        partnershipId: partnership.id,
        strategyId: strategy.id,
        ref: 'E1',
        title: 'Train frontline staff',
        text: 'Train frontline staff.',
        status: 'ON_TRACK',
      },
    });
    target = { partnershipId: partnership.id, actionId: action.id };
  });
  afterAll(async () => prisma?.$disconnect());

  const newUpdate = (tx: Parameters<EvidenceService['record']>[0]) =>
    tx.update.create({ data: { ...target, channel: 'FORM', status: 'ON_TRACK', commentary: 'Going well' } });

  it('records files and links with the update, storing each file’s bytes once', async () => {
    const pdf = uniquePdf();
    const { accepted, problems } = evidence.prepare({
      files: [{ fileName: 'attendance.pdf', content: pdf }],
      links: ['https://intranet.example.org/training'],
    });
    expect(problems).toEqual([]);

    const first = await prisma.$transaction(async (tx) => {
      const update = await newUpdate(tx);
      return { update, recorded: await evidence.record(tx, { ...target, updateId: update.id }, accepted) };
    });
    const second = await prisma.$transaction(async (tx) => {
      const update = await newUpdate(tx);
      return { update, recorded: await evidence.record(tx, { ...target, updateId: update.id }, accepted) };
    });

    expect(first.recorded).toEqual([
      expect.objectContaining({ kind: 'FILE', fileName: 'attendance.pdf', contentType: 'application/pdf' }),
      expect.objectContaining({ kind: 'LINK', url: 'https://intranet.example.org/training' }),
    ]);
    expect(await evidence.forUpdate(prisma, second.update.id)).toEqual(second.recorded);
    const sha256 = accepted.files[0].sha256;
    const stored = await prisma.evidenceFile.findMany({ where: { sha256 } });
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0].content).equals(pdf)).toBe(true);
    expect(await prisma.evidence.count({ where: { sha256 } })).toBe(2);
  });

  it('leaves nothing behind when the update’s transaction fails', async () => {
    const { accepted } = evidence.prepare({
      files: [{ fileName: 'minutes.pdf', content: uniquePdf() }],
    });
    const sha256 = accepted.files[0].sha256;
    await expect(
      prisma.$transaction(async (tx) => {
        const update = await newUpdate(tx);
        await evidence.record(tx, { ...target, updateId: update.id }, accepted);
        throw new Error('the update could not be completed');
      }),
    ).rejects.toThrow('the update could not be completed');
    expect(await prisma.evidenceFile.count({ where: { sha256 } })).toBe(0);
    expect(await prisma.evidence.count({ where: { sha256 } })).toBe(0);
  });
});
