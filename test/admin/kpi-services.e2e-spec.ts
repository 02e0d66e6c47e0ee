// KPI definitions in the admin service layer: filtered, paged lists and archiving, on real PostgreSQL.
import { ConflictException, NotFoundException } from '@nestjs/common';
import { defineKpiSchema, listKpisSchema } from '@waymark/contracts';
import { adminSuite, coordinatorOf, expectEveryRowOnce } from './admin-services';

describe('KPI admin services', () => {
  const t = adminSuite();

  const define = (partnershipId: string, fields: Record<string, unknown>) =>
    t.s.kpis.define(
      coordinatorOf(partnershipId),
      defineKpiSchema.parse({ unit: 'COUNT', frequency: 'QUARTERLY', ...fields }),
    );

  beforeAll(async () => {
    await define(t.ours.partnership.id, { code: 'MARAC-CASES', name: 'MARAC cases heard' });
    await define(t.ours.partnership.id, { code: 'MARAC-REPEATS', name: 'Repeat MARAC cases' });
    await define(t.ours.partnership.id, {
      code: 'MARAC-REPEAT-RATE',
      name: 'Repeat rate',
      unit: 'PERCENTAGE',
      formula: '{MARAC-REPEATS} / {MARAC-CASES} * 100',
      dataOwnerContactId: t.ours.lead.id,
    });
    await define(t.theirs.partnership.id, { code: 'THEIR-KPI', name: 'Their indicator' });
  });

  const codes = async (partnershipId: string, query: Record<string, unknown>) =>
    (await t.s.kpis.listPage(partnershipId, listKpisSchema.parse(query))).items.map((k) => k.code);

  it('filters by unit, derivation, data owner and text; never shows another partnership', async () => {
    const pid = t.ours.partnership.id;
    expect(await codes(pid, {})).toEqual(['MARAC-CASES', 'MARAC-REPEAT-RATE', 'MARAC-REPEATS']);
    expect(await codes(pid, { unit: 'PERCENTAGE' })).toEqual(['MARAC-REPEAT-RATE']);
    expect(await codes(pid, { derived: 'true' })).toEqual(['MARAC-REPEAT-RATE']);
    expect(await codes(pid, { derived: 'false' })).toEqual(['MARAC-CASES', 'MARAC-REPEATS']);
    expect(await codes(pid, { dataOwnerContactId: t.ours.lead.id })).toEqual(['MARAC-REPEAT-RATE']);
    expect(await codes(pid, { q: 'repeat', sort: 'name', order: 'desc' })).toEqual([
      'MARAC-REPEAT-RATE',
      'MARAC-REPEATS',
    ]);
    expect(await codes(pid, { q: 'THEIR' })).toEqual([]);
    await expectEveryRowOnce(
      (page) => t.s.kpis.listPage(pid, listKpisSchema.parse({ sort: 'code', ...page })),
      (await t.s.prisma.kpi.findMany({ where: { partnershipId: pid } })).map((k) => k.id),
      (k) => k.code,
    );
  });

  it('archives a KPI only when no live derived KPI uses it; another partnership cannot archive it', async () => {
    const pid = t.ours.partnership.id;
    const [cases, rate] = await Promise.all(
      ['MARAC-CASES', 'MARAC-REPEAT-RATE'].map((code) =>
        t.s.prisma.kpi.findFirstOrThrow({ where: { partnershipId: pid, code } }),
      ),
    );
    await expect(t.s.kpis.archive(coordinatorOf(t.theirs.partnership.id), cases.id)).rejects.toThrow(
      NotFoundException,
    );
    await expect(t.s.kpis.getIn(t.theirs.partnership.id, cases.id)).rejects.toThrow(NotFoundException);
    await expect(t.s.kpis.archive(coordinatorOf(pid), cases.id)).rejects.toThrow(ConflictException);
    expect((await t.s.kpis.getIn(pid, cases.id)).archivedAt).toBeNull();
    expect((await t.s.kpis.archive(coordinatorOf(pid), rate.id)).archivedAt).toBeInstanceOf(Date);
    expect((await t.s.kpis.archive(coordinatorOf(pid), cases.id)).archivedAt).toBeInstanceOf(Date);
    expect(await codes(pid, {})).toEqual(['MARAC-REPEATS']);
    const events = await t.s.prisma.auditEvent.findMany({
      where: { partnershipId: pid, event: 'kpi.archived' },
    });
    expect(events.map((e) => e.entityId).sort()).toEqual([cases.id, rate.id].sort());
  });
});
