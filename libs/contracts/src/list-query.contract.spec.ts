import { listActionsSchema } from './action-admin.contract';
import { MAX_PAGE_SIZE } from './list-query.contract';
import {
  createOrganisationSchema,
  updateBoardMemberSchema,
  updateBoardSchema,
  updateContactSchema,
  updateOrganisationSchema,
} from './partnership.contract';
import {
  createStrategySchema,
  updateOutcomeSchema,
  updatePrioritySchema,
  updateStrategySchema,
} from './strategy.contract';

describe('admin list queries', () => {
  it('defaults, coerces query-string text and caps the page size', () => {
    expect(listActionsSchema.parse({})).toEqual({
      sort: 'ref',
      order: 'asc',
      limit: 25,
      includeArchived: false,
    });
    expect(listActionsSchema.parse({ limit: '7', overdue: 'true', stale: 'false' })).toMatchObject({
      limit: 7,
      overdue: true,
      stale: false,
    });
    expect(listActionsSchema.safeParse({ limit: String(MAX_PAGE_SIZE + 1) }).success).toBe(false);
    expect(listActionsSchema.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('takes several statuses and RAGs comma-separated, and refuses unknown ones', () => {
    expect(listActionsSchema.parse({ status: 'ON_TRACK,AT_RISK', rag: 'RED' })).toMatchObject({
      status: ['ON_TRACK', 'AT_RISK'],
      rag: ['RED'],
    });
    expect(listActionsSchema.safeParse({ status: 'ON_TRACK,DONE' }).success).toBe(false);
  });

  it('sorts only by whitelisted fields and refuses unknown parameters', () => {
    expect(listActionsSchema.safeParse({ sort: 'leadContactId' }).success).toBe(false);
    expect(listActionsSchema.safeParse({ partnershipId: 'x' }).success).toBe(false);
  });
});

describe('admin write contracts', () => {
  it('refuses an empty update and a period that ends before it starts', () => {
    expect(updateOrganisationSchema.safeParse({}).success).toBe(false);
    const strategy = createStrategySchema.safeParse({
      title: 'Strategy 2026-2029',
      periodStart: '2029-04-01',
      periodEnd: '2026-03-31',
    });
    expect(strategy.success).toBe(false);
    expect(strategy.error?.issues[0].path).toEqual(['periodEnd']);
  });

  it('leaves out of an update what the caller left out (no defaults on PATCH)', () => {
    expect(updateOrganisationSchema.parse({ name: 'Refuge Ltd' })).toEqual({ name: 'Refuge Ltd' });
    expect(updateContactSchema.parse({ name: 'Jo Example' })).toEqual({ name: 'Jo Example' });
    expect(updateBoardSchema.parse({ name: 'The Board' })).toEqual({ name: 'The Board' });
    expect(updateBoardMemberSchema.parse({ role: 'Vice-chair' })).toEqual({ role: 'Vice-chair' });
    expect(updateStrategySchema.parse({ title: 'New title' })).toEqual({ title: 'New title' });
    expect(updatePrioritySchema.parse({ title: 'Provision' })).toEqual({ title: 'Provision' });
    expect(updateOutcomeSchema.parse({ text: 'Fewer repeats' })).toEqual({ text: 'Fewer repeats' });
  });

  it('defaults an organisation to no aliases and kind OTHER', () => {
    expect(createOrganisationSchema.parse({ name: 'Refuge Ltd' })).toEqual({
      name: 'Refuge Ltd',
      kind: 'OTHER',
      aliases: [],
    });
  });
});
