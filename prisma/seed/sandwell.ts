// Loads the demo partnership (Sandwell; data in ./sandwell.data.ts) into an empty or existing database.
// Idempotent: if a partnership with Sandwell's GSS code exists, nothing is written and the existing ids
// are returned. Everything is written in one transaction, with an AuditEvent for the partnership.
import { randomUUID } from 'node:crypto';
import { kpiPeriod, kpiPeriodDates } from '@waymark/calendar';
import { isUniqueViolation, type KpiValueStatus, type Prisma, type PrismaClient } from '@waymark/db';
import { KpiGraph, KpiValueTable, ReferenceTable, kpiDefinition, recomputeAll, recorded } from '@waymark/kpi';
import { ragColumns } from '@waymark/kpis';
import { SANDWELL, SOURCE_DOCUMENT, type SeedData } from './sandwell.data';

export interface DemoPartnership {
  /** False when the partnership was already there. */
  created: boolean;
  partnershipId: string;
  partnershipName: string;
  strategyId: string;
  exampleLeadContactId: string;
}

export interface SeedCounts {
  organisations: number;
  contacts: number;
  boardMembers: number;
  boardMeetings: number;
  priorities: number;
  outcomes: number;
  actions: number;
  kpis: number;
  /** Entered values; the derived values computed from them come on top. */
  kpiValues: number;
  referenceFigures: number;
  services: number;
}

/** Seeds Sandwell's partnership, board, strategy, action plan and KPIs, once. */
/**
 * The demo runs its chase in minutes instead of working days, so that `npm start` shows it at work: one
 * email per lead in the mail inbox within a minute, a reminder after 20 minutes, then escalations. A real
 * partnership keeps the working-day defaults (README, "How an action is chased").
 */
export const DEMO_CHASE_POLICY = {
  requestBefore: { seconds: 1800 },
  gatherFor: { seconds: 20 },
  reminders: [{ seconds: -600 }],
  escalations: [
    { after: { seconds: 600 }, to: 'manager' },
    { after: { seconds: 900 }, to: 'coordinator' },
  ],
  quietHours: null,
};

export async function seedDemoPartnership(
  prisma: PrismaClient,
  data: SeedData = SANDWELL,
): Promise<DemoPartnership> {
  const existing = await findExisting(prisma, data);
  if (existing) return existing;
  try {
    return await prisma.$transaction((tx) => insertAll(tx, data), { maxWait: 10_000, timeout: 60_000 });
  } catch (error) {
    // Another process seeded it between our check and our insert.
    if (isUniqueViolation(error)) {
      const seeded = await findExisting(prisma, data);
      if (seeded) return seeded;
    }
    throw error;
  }
}

/** How many rows of each kind the data describes (what a fresh seed creates). */
export function seedCounts(data: SeedData = SANDWELL): SeedCounts {
  return {
    organisations: data.organisations.length,
    contacts: data.contacts.length,
    boardMembers: data.board.members.length,
    boardMeetings: data.board.meetings.length,
    priorities: data.priorities.length,
    outcomes: data.priorities.reduce((n, p) => n + p.outcomes.length, 0),
    actions: data.actions.length,
    kpis: data.kpis.length,
    kpiValues: data.kpis.reduce((n, k) => n + k.values.length, 0),
    referenceFigures: data.referenceFigures.length,
    services: data.services.length,
  };
}

async function findExisting(prisma: PrismaClient, data: SeedData): Promise<DemoPartnership | undefined> {
  const partnership = await prisma.partnership.findUnique({ where: { gssCode: data.partnership.gssCode } });
  if (!partnership) return undefined;
  const strategy =
    (await prisma.strategy.findFirst({
      where: { partnershipId: partnership.id, title: data.strategy.title },
    })) ??
    (await prisma.strategy.findFirst({
      where: { partnershipId: partnership.id },
      orderBy: { createdAt: 'asc' },
    }));
  const exampleEmail = data.contacts.find((c) => c.key === data.exampleLead)?.email;
  const lead =
    (exampleEmail &&
      (await prisma.contact.findFirst({ where: { partnershipId: partnership.id, email: exampleEmail } }))) ||
    (await prisma.contact.findFirst({
      where: { partnershipId: partnership.id, archivedAt: null, isRoleMailbox: false },
      orderBy: { createdAt: 'asc' },
    }));
  if (!strategy || !lead) {
    throw new Error(
      `Partnership ${partnership.name} (${partnership.gssCode}) exists but has no ${strategy ? 'contact' : 'strategy'}: ` +
        'the demo cannot use it',
    );
  }
  return {
    created: false,
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    strategyId: strategy.id,
    exampleLeadContactId: lead.id,
  };
}

async function insertAll(tx: Prisma.TransactionClient, data: SeedData): Promise<DemoPartnership> {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const partnership = await tx.partnership.create({ data: data.partnership });
  const partnershipId = partnership.id;

  const organisationIds = idsFor(data.organisations.map((o) => o.key));
  await tx.organisation.createMany({
    data: data.organisations.map((o) => ({
      id: organisationIds.get(o.key),
      partnershipId,
      name: o.name,
      kind: o.kind,
      aliases: o.aliases,
    })),
  });

  // Ids are generated up front so that links (manager, organisation, lead) need no read-back.
  const contactIds = idsFor(data.contacts.map((c) => c.key));
  await tx.contact.createMany({
    data: data.contacts.map((c) => ({
      id: contactIds.get(c.key),
      partnershipId,
      organisationId: c.organisation === null ? null : organisationIds.get(c.organisation),
      name: c.name,
      email: c.email,
      jobTitle: c.jobTitle,
      isRoleMailbox: c.isRoleMailbox ?? false,
      managerId: c.manager === undefined ? null : contactIds.get(c.manager),
    })),
  });

  const board = await tx.board.create({ data: { partnershipId, name: data.board.name } });
  await tx.boardMember.createMany({
    data: data.board.members.map((m) => ({
      boardId: board.id,
      contactId: contactIds.get(m.contact),
      role: m.role,
      isChair: m.isChair ?? false,
      category: m.category,
    })),
  });
  await tx.boardMeeting.createMany({
    data: data.board.meetings.map((d) => ({ boardId: board.id, meetsOn: day(d) })),
  });

  const strategy = await tx.strategy.create({
    data: {
      partnershipId,
      title: data.strategy.title,
      periodStart: day(data.strategy.periodStart),
      periodEnd: day(data.strategy.periodEnd),
      firstPublishedOn: day(data.strategy.firstPublishedOn),
      reportingCadence: 'QUARTERLY',
      chasePolicy: DEMO_CHASE_POLICY,
    },
  });

  const priorityIds = idsFor(data.priorities.map((p) => p.ref));
  await tx.priority.createMany({
    data: data.priorities.map((p, position) => ({
      id: priorityIds.get(p.ref),
      strategyId: strategy.id,
      ref: p.ref,
      title: p.title,
      description: p.description,
      position,
    })),
  });
  const outcomeIds = idsFor(data.priorities.flatMap((p) => p.outcomes.map((o) => o.key)));
  await tx.outcome.createMany({
    data: data.priorities.flatMap((p) =>
      p.outcomes.map((o, position) => ({
        id: outcomeIds.get(o.key),
        priorityId: priorityIds.get(p.ref),
        text: o.text,
        position,
      })),
    ),
  });

  const kpiIds = idsFor(data.kpis.map((k) => k.code));
  await tx.kpi.createMany({
    data: data.kpis.map((k) => ({
      id: kpiIds.get(k.code),
      partnershipId,
      strategyId: strategy.id,
      code: k.code,
      name: k.name,
      description: k.description,
      unit: k.unit,
      direction: k.direction,
      frequency: k.frequency,
      baselineValue: k.baselineValue,
      baselinePeriod: k.baselinePeriod,
      dataOwnerContactId: k.dataOwner === undefined ? null : contactIds.get(k.dataOwner),
      source: k.source,
      formula: k.formula ?? null,
      ...ragColumns(k.rag ?? { kind: 'NONE' }),
    })),
  });
  await tx.referenceFigure.createMany({
    data: data.referenceFigures.map((r) => ({ partnershipId, ...r })),
  });
  for (const service of data.services)
    await tx.safeAccommodationService.create({
      data: {
        partnershipId,
        name: service.name,
        providerOrganisationId: organisationIds.get(service.provider),
        accommodationType: service.accommodationType,
        byAndFor: service.byAndFor ?? false,
        specialistGroups: service.specialistGroups ?? [],
        dataContactId: contactIds.get(service.dataContact),
        contractStart: day(data.strategy.periodStart),
        capacities: {
          create: [
            { unit: 'BEDSPACES', count: service.bedspaces, effectiveFrom: day(data.strategy.periodStart) },
          ],
        },
      },
    });
  const entered = data.kpis.flatMap((k) =>
    k.values.map((v) => ({
      kpiId: kpiIds.get(k.code),
      periodKey: v.periodKey,
      periodStart: day(v.periodStart),
      periodEnd: day(v.periodEnd),
      value: v.value,
      status: v.status,
      note: v.note,
      exceptional: v.exceptional ?? false,
      source: `${SOURCE_DOCUMENT}; data from ${k.source}`,
      enteredBy: 'seed',
      channel: 'seed',
    })),
  );
  const graph = new KpiGraph(data.kpis.map(kpiDefinition));
  await tx.kpiValue.createMany({ data: [...entered, ...derivedValues(graph, data, entered, kpiIds.get)] });
  await tx.kpiInput.createMany({
    data: data.kpis.flatMap(
      (k) =>
        graph.get(k.code)?.formula?.kpiCodes.map((input) => ({
          derivedKpiId: kpiIds.get(k.code),
          inputKpiId: kpiIds.get(input),
        })) ?? [],
    ),
  });

  const actionIds = idsFor(data.actions.map((a) => a.ref));
  await tx.action.createMany({
    data: data.actions.map((a) => ({
      id: actionIds.get(a.ref),
      partnershipId,
      strategyId: strategy.id,
      priorityId: priorityIds.get(a.priority),
      outcomeId: a.outcome === undefined ? null : outcomeIds.get(a.outcome),
      ref: a.ref,
      title: a.title,
      text: a.text,
      leadContactId: a.leadContact === undefined ? null : contactIds.get(a.leadContact),
      leadText: a.leadText ?? null,
      supportingText: a.supportingText ?? null,
      dueDate: a.dueDate === undefined ? null : day(a.dueDate),
      dueDateText: a.dueDateText ?? null,
      dueDateParse: a.dueDateParse,
    })),
  });
  await tx.actionLeadOrganisation.createMany({
    data: data.actions.flatMap((a) =>
      a.leadOrganisations.map((o) => ({
        actionId: actionIds.get(a.ref),
        organisationId: organisationIds.get(o),
      })),
    ),
  });
  await tx.actionKpi.createMany({
    data: data.actions.flatMap((a) =>
      (a.kpis ?? []).map((k) => ({ actionId: actionIds.get(a.ref), kpiId: kpiIds.get(k) })),
    ),
  });

  await tx.auditEvent.create({
    data: {
      partnershipId,
      actorType: 'SYSTEM',
      actorId: 'seed:sandwell',
      event: 'partnership.created',
      entityType: 'Partnership',
      entityId: partnershipId,
      channel: 'seed',
      after: {
        name: partnership.name,
        gssCode: partnership.gssCode,
        timezone: partnership.timezone,
        source: SOURCE_DOCUMENT,
        strategyId: strategy.id,
        counts: { ...seedCounts(data) },
      },
    },
  });

  return {
    created: true,
    partnershipId,
    partnershipName: partnership.name,
    strategyId: strategy.id,
    exampleLeadContactId: contactIds.get(data.exampleLead),
  };
}

/** The derived KPIs' values, computed from the entered ones as a recompute would (source "formula"). */
function derivedValues(
  graph: KpiGraph,
  data: SeedData,
  entered: {
    kpiId: string;
    periodKey: string;
    value: number;
    status: KpiValueStatus;
    exceptional: boolean;
    source: string;
  }[],
  idOf: (code: string) => string,
): Prisma.KpiValueCreateManyInput[] {
  const codeOf = new Map(data.kpis.map((k) => [idOf(k.code), k.code]));
  const values = new KpiValueTable();
  for (const v of entered) {
    values.set(
      codeOf.get(v.kpiId) as string,
      v.periodKey,
      recorded(v.value, v.source, { status: v.status, exceptional: v.exceptional }),
    );
  }
  const references = new ReferenceTable();
  for (const r of data.referenceFigures) references.set(r.code, r.periodKey, r.value);
  const frequencyOf = new Map(data.kpis.map((k) => [k.code, k.frequency]));
  return recomputeAll(graph, values, references).map((r) => {
    const dates = kpiPeriodDates(kpiPeriod(r.periodKey, frequencyOf.get(r.code)));
    return {
      kpiId: idOf(r.code),
      periodKey: r.periodKey,
      periodStart: new Date(`${dates.first}T00:00:00Z`),
      periodEnd: new Date(`${dates.last}T00:00:00Z`),
      value: r.value.value,
      status: r.value.status,
      note: r.value.note,
      exceptional: r.value.exceptional,
      source: r.value.source,
      enteredBy: 'seed',
      channel: 'formula',
    };
  });
}

/** A fresh id per key, with a lookup that throws on a key the data does not define. */
function idsFor(keys: string[]): { get(key: string): string } {
  const ids = new Map<string, string>();
  for (const key of keys) {
    if (ids.has(key)) throw new Error(`Seed data defines "${key}" twice`);
    ids.set(key, randomUUID());
  }
  return {
    get(key: string): string {
      const id = ids.get(key);
      if (id === undefined) throw new Error(`Seed data refers to "${key}", which it does not define`);
      return id;
    },
  };
}
