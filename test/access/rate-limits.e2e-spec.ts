// Rate limits on the real API: the public limit per client, and the admin API's limit per bearer token,
// each answered with 429 once exceeded (problem+json on /api, a plain page on the lead pages). The suite
// runs with small limits.
import request from 'supertest';
import { createCaller, authed } from '../support/auth';
import { waymarkSuite } from '../support/suite';

const PUBLIC_LIMIT = 4;
const API_LIMIT = 6;
const PROBLEM = /^application\/problem\+json/;

describe('rate limits', () => {
  const suite = waymarkSuite({
    RATE_LIMIT_PUBLIC_PER_MINUTE: String(PUBLIC_LIMIT),
    RATE_LIMIT_API_PER_MINUTE: String(API_LIMIT),
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
});
