// Rate limits across API replicas: two API processes' worth of Nest applications on one database share one
// count per client (the public pages, the admin API per token, the SMTP listener per connecting address), so
// a client spreading its requests over replicas gets no more than from one. The counts are rows in
// PostgreSQL ("RateLimitWindow"), incremented atomically and swept once their window ends.
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { RateLimitStore } from '@waymark/access';
import { SmtpListener } from '@waymark/inbound-mail';
import { NestExpressApplication } from '@nestjs/platform-express';
import { PrismaService } from '@waymark/db';
import { authed, createCaller } from '../support/auth';
import { createPartnership } from '../support/fixtures';
import { apiOnly } from '../support/waymark';
import { REPLY_MAILBOX, inboundEnv, sendToListener } from '../inbound/inbound-support';

const PUBLIC_LIMIT = 4;
const API_LIMIT = 6;
const MAIL_LIMIT = 3;

describe('rate limits shared by API replicas', () => {
  let replicas: NestExpressApplication[] = [];
  let prisma: PrismaService;
  const limits = {
    RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_LIMIT),
    RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
    RATE_LIMIT_MAIL_PER_MINUTE: String(MAIL_LIMIT),
  };

  beforeAll(async () => {
    // Each replica has its own SMTP listener, as two API processes would.
    const first = await apiOnly({ ...(await inboundEnv()), ...limits });
    const second = await apiOnly({ ...(await inboundEnv()), ...limits });
    replicas = [first.api, second.api];
    prisma = first.prisma;
    // The test database is every test file's: start from no counts.
    await prisma.rateLimitWindow.deleteMany();
  });
  afterAll(async () => {
    for (const api of replicas) await api.close();
  });

  /** A client address of its own (TRUST_PROXY believes X-Forwarded-For from loopback). */
  const newClient = () => `198.18.${randomInt(256)}.${randomInt(1, 255)}`;

  it('refuses a client on either replica once its requests to both reach the public limit', async () => {
    const client = newClient();
    const page = (n: number) =>
      request(replicas[n % 2].getHttpServer())
        .get('/u/not-a-request-token')
        .set('X-Forwarded-For', client);
    for (let n = 0; n < PUBLIC_LIMIT; n++) await page(n).expect(404);
    await page(0).expect(429);
    await page(1).expect(429);
    // Another client is not limited, on either replica.
    await request(replicas[1].getHttpServer())
      .get('/u/not-a-request-token')
      .set('X-Forwarded-For', newClient())
      .expect(404);
  });

  it('counts an API token once across replicas', async () => {
    const { partnership } = await createPartnership(prisma);
    const caller = await createCaller(prisma, partnership.id);
    const on = replicas.map((api) => authed(api.getHttpServer(), caller));
    for (let n = 0; n < API_LIMIT; n++) await on[n % 2].get('/api/me').expect(200);
    await on[0].get('/api/me').expect(429);
    await on[1].get('/api/me').expect(429);
  });

  it("counts a sender's messages once across the replicas' SMTP listeners", async () => {
    const ports = replicas.map((api) => api.get(SmtpListener).port);
    expect(ports[0]).not.toBe(ports[1]);
    const message = (n: number) => ({
      from: 'someone@elsewhere.example.net',
      to: REPLY_MAILBOX,
      subject: 'Hello',
      messageId: `<shared-flood-${n}-${Date.now()}@elsewhere.example.net>`,
      text: 'Hello',
    });
    for (let n = 0; n < MAIL_LIMIT; n++) await sendToListener(ports[n % 2], message(n));
    for (const port of ports)
      await expect(sendToListener(port, message(MAIL_LIMIT))).rejects.toMatchObject({ responseCode: 451 });
  });

  it('counts concurrent hits on both replicas exactly: no more than the limit get through', async () => {
    const stores = replicas.map((api) => api.get(RateLimitStore));
    const key = `test:concurrent:${newClient()}`;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) => stores[n % 2].increment(key, 60_000, 10)),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, n) => n + 1),
    );
  });

  it('starts a new window once the last has ended, and sweeps ended windows', async () => {
    const store = replicas[0].get(RateLimitStore);
    const key = `test:window:${newClient()}`;
    expect(await store.increment(key, 1000, 1)).toMatchObject({ totalHits: 1, isBlocked: false });
    const blocked = await store.increment(key, 1000, 1);
    expect(blocked).toMatchObject({ totalHits: 2, isBlocked: true });
    expect(blocked.timeToBlockExpire).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.increment(key, 1000, 1)).toMatchObject({ totalHits: 1, isBlocked: false });

    const before = await prisma.rateLimitWindow.count();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await store.sweep()).toBeGreaterThanOrEqual(1);
    // Only ended windows go: the ones the tests above opened for a minute remain.
    expect(await prisma.rateLimitWindow.count()).toBeLessThan(before);
    expect(await prisma.rateLimitWindow.count()).toBeGreaterThan(0);
  });
});
