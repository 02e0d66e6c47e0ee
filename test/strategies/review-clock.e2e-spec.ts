// The statutory review clock over the admin API: the window a strategy is in, counted from its first
// publication, and the reviews recorded. The arithmetic itself is unit-tested in libs/strategies.
import { londonIsoDate } from '@waymark/calendar';
import { reviewClock } from '@waymark/strategies';
import { waymarkSuite } from '../support/suite';

const today = () => londonIsoDate(new Date());

describe('strategy review clock', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  const createStrategy = async (firstPublishedOn?: string) =>
    (
      await http()
        .post('/api/strategies')
        .send({
          title: `Safe accommodation strategy ${firstPublishedOn ?? 'draft'}`,
          periodStart: '2022-01-01',
          periodEnd: '2024-12-31',
          ...(firstPublishedOn ? { firstPublishedOn } : {}),
        })
        .expect(201)
    ).body.id as string;

  it('shows the window from first publication, and records reviews with their publication', async () => {
    const id = await createStrategy('2022-01-05');
    const before = (await http().get(`/api/strategies/${id}/review-clock`).expect(200)).body;
    expect(before.clock).toEqual(reviewClock('2022-01-05', [], today()));
    expect(before.clock.missed[0]).toEqual({ number: 0, start: '2022-01-05', end: '2025-01-04' });

    const after = (
      await http()
        .post(`/api/strategies/${id}/publications`)
        .send({ publishedOn: '2024-11-20', kind: 'ALTERED', url: 'https://council.example.org/da-strategy' })
        .expect(201)
    ).body;
    expect(after.clock).toEqual(reviewClock('2022-01-05', ['2024-11-20'], today()));
    expect(after.clock.missed).toEqual([]);
    expect(after.publications).toMatchObject([{ kind: 'ALTERED', publishedOn: '2024-11-20T00:00:00.000Z' }]);
    const [event] = await suite.waymark.prisma.auditEvent.findMany({
      where: { event: 'strategy.publication-recorded', partnershipId: suite.fixture.partnership.id },
    });
    expect(event).toMatchObject({ actorId: suite.caller.userId, entityType: 'StrategyPublication' });
  });

  it('refuses a review it cannot place, and records nothing', async () => {
    const draft = await createStrategy();
    expect((await http().get(`/api/strategies/${draft}/review-clock`).expect(200)).body.clock).toBeNull();
    const published = await createStrategy('2022-01-05');
    const post = (strategy: string, publishedOn: string) =>
      http()
        .post(`/api/strategies/${strategy}/publications`)
        .send({ publishedOn, kind: 'REVIEWED_UNCHANGED' });
    expect((await post(draft, '2024-01-01').expect(422)).body.errors[0].field).toBe('publishedOn');
    await post(published, '2021-12-31').expect(422);
    await post(published, '2099-01-01').expect(422);
    await http()
      .post(`/api/strategies/${published}/publications`)
      .send({ publishedOn: '2024-01-01', kind: 'SOMETIMES' })
      .expect(400);
    await post(published, '2024-01-01').expect(201);
    await post(published, '2024-01-01').expect(409);
    expect(
      await suite.waymark.prisma.strategyPublication.count({
        where: { strategyId: { in: [draft, published] } },
      }),
    ).toBe(1);
  });
});
