// The admin API over HTTP as a caller of one partnership sees it: requests with a user's bearer token, and
// the partnership's footprint to show that a refused request wrote nothing.
import { randomUUID } from 'node:crypto';
import { createCaller } from '../support/auth';
import { createPartnership } from '../support/fixtures';
import { waymarkSuite } from '../support/suite';
import { footprint } from './admin-services';

type Method = 'get' | 'post' | 'patch';
type Fixture = Awaited<ReturnType<typeof createPartnership>>;

/** The running Waymark (`suite`), the caller's partnership (`ours`), another one (`theirs`), and helpers. */
export function adminHttpSuite() {
  const suite = waymarkSuite();
  const state = {} as { theirs: Fixture; headers: Map<string, { authorization: string }> };
  beforeAll(async () => {
    const { prisma } = suite.waymark;
    state.theirs = await createPartnership(prisma);
    const ours = suite.fixture.partnership.id;
    state.headers = new Map([
      [ours, suite.caller.header],
      [state.theirs.partnership.id, (await createCaller(prisma, state.theirs.partnership.id)).header],
      ['viewer', (await createCaller(prisma, ours, 'BOARD_VIEWER')).header],
    ]);
  });
  /** A request as a coordinator of the given partnership (ours unless said), or as our board viewer. */
  const as = (method: Method, url: string, partnershipId?: string) =>
    suite
      .http()
      [method](url)
      .set(state.headers.get(partnershipId ?? suite.fixture.partnership.id) ?? {});
  return {
    suite,
    get ours(): Fixture {
      return suite.fixture;
    },
    get theirs(): Fixture {
      return state.theirs;
    },
    as,
    footprint: (partnershipId?: string) =>
      footprint(suite.waymark.prisma, partnershipId ?? suite.fixture.partnership.id),
    /** Walks a list page by page (`limit` at a time) and returns every item's id, in order. */
    async walk(url: string, limit: number): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const sep = url.includes('?') ? '&' : '?';
        const page: string = cursor ? `${sep}limit=${limit}&cursor=${cursor}` : `${sep}limit=${limit}`;
        const { body }: { body: { items: { id: string }[]; nextCursor: string | null } } = await as(
          'get',
          `${url}${page}`,
        ).expect(200);
        expect(body.items.length).toBeLessThanOrEqual(limit);
        ids.push(...body.items.map((item) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    },
  };
}

export type AdminHttp = ReturnType<typeof adminHttpSuite>;

/** A unique suffix, so that names never collide between tests. */
export const unique = () => randomUUID().slice(0, 8);
