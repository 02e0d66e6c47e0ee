// The console's rate limits on the real API: the sign-in pages have the public limit per client address, the
// signed-in pages the API limit per user; either answers a page asking to wait (429), not an API error.
import request from 'supertest';
import { consoleAgent, createConsoleUser } from '../support/console';
import { waymarkSuite } from '../support/suite';

describe('console rate limits', () => {
  const suite = waymarkSuite({ RATE_LIMIT_PUBLIC_PER_MINUTE: '5', RATE_LIMIT_API_PER_MINUTE: '5' });
  // The counts are shared through the test database: an earlier file's requests from this address are not ours.
  beforeAll(() => suite.waymark.prisma.rateLimitWindow.deleteMany());

  it('limits sign-in requests per address and pages per user', async () => {
    const user = await createConsoleUser(suite.waymark.prisma, suite.fixture.partnership.id);
    // Two public requests (the address, the link) and one page (the account page, for the form token).
    const { agent } = await consoleAgent(suite, user.email);
    for (let i = 0; i < 4; i += 1) await agent.get('/console/account').expect(200);
    const busy = await agent.get('/console/account').expect(429);
    expect(busy.text).toContain('Please wait a minute');

    const anonymous = request(suite.waymark.api.getHttpServer());
    for (let i = 0; i < 3; i += 1) await anonymous.get('/console/sign-in').expect(200);
    const refused = await anonymous
      .post('/console/sign-in')
      .type('form')
      .send({ email: user.email })
      .expect(429);
    expect(refused.text).toContain('Please wait a minute');
    expect(await suite.waymark.prisma.consoleSignInLink.count({ where: { userId: user.userId } })).toBe(1);
  });
});
