// Rate limits on the real API: the public limit per client, the admin API's limit per API token once it
// authenticates (per client before), the inbound webhook's and the SMTP listener's per client, each answered
// with 429 (or SMTP 451) once exceeded (problem+json on /api, a plain page on the lead pages). The suite runs
// with small limits; a test that needs a client of its own says so in X-Forwarded-For, which the API
// believes from loopback (TRUST_PROXY's default). Replicas sharing the limits: shared-rate-limits.e2e-spec.ts.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SmtpListener } from '@waymark/inbound-mail';
import { createCaller, authed } from '../support/auth';
import { waymarkSuite } from '../support/suite';
import { apiOnly } from '../support/waymark';
import { REPLY_MAILBOX, inboundEnv, postMime, sendToListener } from '../inbound/inbound-support';

const PUBLIC_LIMIT = 4;
const API_LIMIT = 6;
const INBOUND_LIMIT = 3;
const PROBLEM = /^application\/problem\+json/;
const invented = () => `Bearer wmk_${randomBytes(32).toString('base64url')}`;

describe('rate limits', () => {
  const suite = waymarkSuite(async () => ({
    ...(await inboundEnv()),
    RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_LIMIT),
    RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
    RATE_LIMIT_MAIL_PER_MINUTE: String(INBOUND_LIMIT),
  }));
  // The counts are kept in the database every test file shares: start from none.
  beforeAll(() => suite.waymark.prisma.rateLimitWindow.deleteMany());
  const from = (client: string) => ({
    get: (path: string) =>
      request(suite.waymark.api.getHttpServer()).get(path).set('X-Forwarded-For', client),
  });

  // Lead pages are HTML, not /api: their 429 is a plain page asking the lead to wait.
  it('answers 429 once a client exceeds the public limit', async () => {
    const anonymous = () => request(suite.waymark.api.getHttpServer());
    for (let n = 0; n < PUBLIC_LIMIT; n++) {
      const res = await anonymous().get('/u/not-a-request-token');
      expect(res.status).not.toBe(429);
    }
    const limited = await anonymous().get('/u/not-a-request-token').expect(429);
    expect(limited.headers['content-type']).toContain('text/html');
    expect(limited.text).toContain('Please wait a minute');
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(limited.headers['retry-after-public']).toMatch(/^\d+$/);
  });

  it('answers 429 problem+json once a token exceeds the admin limit; other tokens are not limited', async () => {
    const partnershipId = suite.fixture.partnership.id;
    const server = suite.waymark.api.getHttpServer();
    const busy = authed(server, await createCaller(suite.waymark.prisma, partnershipId));
    for (let n = 0; n < API_LIMIT; n++) await busy.get('/api/me').expect(200);
    const limited = await busy.get('/api/me').expect(429);
    expect(limited.headers['content-type']).toMatch(PROBLEM);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests', instance: '/api/me' });
    // A write is refused too, and changes nothing.
    await busy.post('/api/organisations').send({ name: 'Over the limit' }).expect(429);
    expect(await suite.waymark.prisma.organisation.count({ where: { name: 'Over the limit' } })).toBe(0);

    const other = authed(server, await createCaller(suite.waymark.prisma, partnershipId));
    await other.get('/api/me').expect(200);
  });

  it('keys a public page by client address, whatever Bearer header comes with it', async () => {
    const client = from('203.0.113.1');
    for (let n = 0; n < PUBLIC_LIMIT; n++)
      expect((await client.get('/u/not-a-request-token').set('Authorization', invented())).status).toBe(404);
    await client.get('/u/not-a-request-token').set('Authorization', invented()).expect(429);
  });

  it('keys the admin API by client address until a token authenticates: invented tokens share one bucket', async () => {
    const client = from('203.0.113.2');
    for (let n = 0; n < API_LIMIT; n++)
      await client.get('/api/me').set('Authorization', invented()).expect(401);
    const limited = await client.get('/api/me').set('Authorization', invented()).expect(429);
    expect(limited.headers['content-type']).toMatch(PROBLEM);
    // A real token, from the same address, has its own bucket.
    const caller = await createCaller(suite.waymark.prisma, suite.fixture.partnership.id);
    await client.get('/api/me').set('Authorization', `Bearer ${caller.token}`).expect(200);
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    // The suite trusts loopback: another forwarded address is another client.
    const first = from('203.0.113.3');
    for (let n = 0; n <= PUBLIC_LIMIT; n++) await first.get('/u/not-a-request-token');
    await first.get('/u/not-a-request-token').expect(429);
    await from('203.0.113.4').get('/u/not-a-request-token').expect(404);

    // Trusting only a proxy network the test client is not in, the header is ignored: one client, loopback,
    // whose count the first test used up (in the database both APIs share): start it afresh.
    await suite.waymark.prisma.rateLimitWindow.deleteMany();
    const { api } = await apiOnly({
      TRUST_PROXY: '10.0.0.0/8',
      RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_LIMIT),
    });
    try {
      const as = (client: string) =>
        request(api.getHttpServer()).get('/u/not-a-request-token').set('X-Forwarded-For', client);
      for (let n = 0; n < PUBLIC_LIMIT; n++) await as(`198.51.100.${n}`).expect(404);
      await as('198.51.100.99').expect(429);
    } finally {
      await api.close();
    }
  });

  it('limits the inbound webhook and the SMTP listener per client address', async () => {
    const client = '203.0.113.5';
    const post = () => postMime(suite.http(), 'not an email').set('X-Forwarded-For', client);
    for (let n = 0; n < INBOUND_LIMIT; n++) expect((await post()).status).not.toBe(429);
    await post().expect(429);

    const port = suite.waymark.api.get(SmtpListener).port;
    const message = (n: number) => ({
      from: 'someone@elsewhere.example.net',
      to: REPLY_MAILBOX,
      subject: 'Hello',
      messageId: `<flood-${n}-${Date.now()}@elsewhere.example.net>`,
      text: 'Hello',
    });
    for (let n = 0; n < INBOUND_LIMIT; n++) await sendToListener(port, message(n));
    await expect(sendToListener(port, message(INBOUND_LIMIT))).rejects.toMatchObject({ responseCode: 451 });
  });
});
