// The register of commissioned safe-accommodation services, over the admin API on real PostgreSQL: what
// the annual return will ask each provider about. Bad input is refused and changes nothing.
import { createPartnership } from '../support/fixtures';
import { waymarkSuite } from '../support/suite';

describe('safe-accommodation services', () => {
  const suite = waymarkSuite();
  const http = () => suite.http();
  const refuge = () => ({
    name: 'Haven Refuge',
    providerOrganisationId: suite.fixture.organisation.id,
    accommodationType: 'REFUGE',
    byAndFor: true,
    specialistGroups: ['BLACK_MINORITISED'],
    supportTypes: ['ADVOCACY', 'CHILDREN'],
    dataContactId: suite.fixture.lead.id,
    contractStart: '2024-04-01',
    contractEnd: '2027-03-31',
    capacities: [
      { unit: 'BEDSPACES', count: 10, effectiveFrom: '2024-04-01', effectiveTo: '2025-03-31' },
      { unit: 'BEDSPACES', count: 12, effectiveFrom: '2025-04-01' },
    ],
    qualityStandards: [{ standard: "Women's Aid National Quality Standards", expiresOn: '2027-06-30' }],
  });

  it('registers a service with its capacity over time and its standards, and changes it, audited', async () => {
    const created = (await http().post('/api/safe-accommodation-services').send(refuge()).expect(201)).body;
    expect(created).toMatchObject({
      accommodationType: 'REFUGE',
      byAndFor: true,
      provider: { id: suite.fixture.organisation.id },
      dataContact: { id: suite.fixture.lead.id },
      contractStart: '2024-04-01T00:00:00.000Z',
    });
    expect(created.capacities.map((c: { count: number }) => c.count)).toEqual([10, 12]);
    expect(created.qualityStandards[0]).toMatchObject({ expiresOn: '2027-06-30T00:00:00.000Z' });

    const changed = (
      await http()
        .patch(`/api/safe-accommodation-services/${created.id}`)
        .send({ capacities: [{ unit: 'BEDSPACES', count: 14, effectiveFrom: '2026-04-01' }] })
        .expect(200)
    ).body;
    expect(changed.capacities.map((c: { count: number }) => c.count)).toEqual([14]);
    expect(changed.qualityStandards).toHaveLength(1);

    const events = await suite.waymark.prisma.auditEvent.findMany({
      where: { entityId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.event, e.actorId])).toEqual([
      ['safe-accommodation-service.created', suite.caller.userId],
      ['safe-accommodation-service.updated', suite.caller.userId],
    ]);
    expect(JSON.stringify(events[1].before)).toContain('"count":12');

    const listed = (await http().get('/api/safe-accommodation-services?accommodationType=REFUGE').expect(200))
      .body;
    expect(listed.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    await http()
      .get('/api/safe-accommodation-services?accommodationType=DISPERSED')
      .expect(200)
      .expect((res) => expect(res.body.items).toEqual([]));
    await http().post(`/api/safe-accommodation-services/${created.id}/archive`).expect(200);
    expect((await http().get('/api/safe-accommodation-services').expect(200)).body.items).toEqual([]);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const { prisma } = suite.waymark;
    const other = await createPartnership(prisma);
    const count = () =>
      prisma.safeAccommodationService.count({ where: { partnershipId: suite.fixture.partnership.id } });
    const before = await count();
    const refused = async (body: object, status: number, field: string) => {
      const res = await http().post('/api/safe-accommodation-services').send(body).expect(status);
      expect(JSON.stringify(res.body)).toContain(field);
    };
    await refused(
      { ...refuge(), name: 'Another', providerOrganisationId: other.organisation.id },
      422,
      'providerOrganisationId',
    );
    await refused({ ...refuge(), name: 'Another', dataContactId: other.lead.id }, 422, 'dataContactId');
    await refused({ ...refuge(), name: 'Another', accommodationType: 'refuge' }, 400, 'accommodationType');
    await refused(
      {
        ...refuge(),
        name: 'Another',
        capacities: [
          { unit: 'BEDSPACES', count: 10, effectiveFrom: '2024-04-01' },
          { unit: 'BEDSPACES', count: 12, effectiveFrom: '2025-04-01' },
        ],
      },
      400,
      'overlap',
    );
    await refused({ ...refuge(), name: 'Another', contractEnd: '2020-01-01' }, 400, 'contractEnd');
    await refused(
      { ...refuge(), name: 'Another', supportTypes: ['ADVOCACY', 'ADVOCACY'] },
      400,
      'supportTypes',
    );
    expect(await count()).toBe(before);

    const first = (
      await http()
        .post('/api/safe-accommodation-services')
        .send({ ...refuge(), name: 'Unique' })
        .expect(201)
    ).body;
    await http()
      .post('/api/safe-accommodation-services')
      .send({ ...refuge(), name: 'Unique' })
      .expect(409);
    await http()
      .patch(`/api/safe-accommodation-services/${first.id}`)
      .send({ contractStart: '2028-01-01' })
      .expect(422);
    expect(
      (await prisma.safeAccommodationService.findUniqueOrThrow({ where: { id: first.id } })).contractStart,
    ).toEqual(new Date('2024-04-01'));
  });
});
