// Loads the demo partnership (Sandwell; data in ./sandwell.data.ts) into an empty or existing database, with a
// recent history generated relative to the day it is loaded (./demo-history.ts).
// Idempotent: if a partnership with Sandwell's GSS code exists, nothing is written and the existing ids
// are returned. Everything is written in one transaction, with an AuditEvent for the partnership; the report of
// the board's last meeting is built from it once it is committed.
import { randomBytes, randomUUID } from 'node:crypto';
import { kpiPeriod, kpiPeriodDates } from '@waymark/calendar';
import { isUniqueViolation, type KpiValueStatus, type Prisma, type PrismaClient } from '@waymark/db';
import { KpiGraph, KpiValueTable, ReferenceTable, kpiDefinition, recomputeAll, recorded } from '@waymark/kpi';
import { ragColumns } from '@waymark/kpis';
import {
  boardMeetingDates,
  kpiHistory,
  loadedAt,
  writeDemoHistory,
  writeLastBoardReport,
} from './demo-history';
import { SANDWELL, SOURCE_DOCUMENT, type SeedData } from './sandwell.data';

export interface SeedOptions {
  data?: SeedData;
  /** The day the history is generated around; tests pin it. Default: now. */
  today?: Date;
  /** The app's LINK_SECRET, so that the secure links of the requests still open work. Default: a random one. */
  linkSecret?: string;
}

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
  options: SeedOptions = {},
): Promise<DemoPartnership> {
  const data = options.data ?? SANDWELL;
  const today = options.today ?? new Date();
  const linkSecret = options.linkSecret ?? randomBytes(32).toString('base64url');
  const existing = await findExisting(prisma, data);
  if (existing) return existing;
  try {
    const { boardId, ...created } = await prisma.$transaction(
      (tx) => insertAll(tx, data, today, linkSecret),
      { maxWait: 10_000, timeout: 120_000 },
    );
    await writeLastBoardReport(prisma, { ...created, boardId }, today);
    return created;
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
    boardMeetings: data.board.meetings?.length ?? boardMeetingDates(new Date()).length,
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

async function insertAll(
  tx: Prisma.TransactionClient,
  data: SeedData,
  today: Date,
  linkSecret: string,
): Promise<DemoPartnership & { boardId: string }> {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  // The plan was loaded before the history starts, so that reports as of past dates find it.
  const createdAt = loadedAt(today);
  const partnership = await tx.partnership.create({ data: { ...data.partnership, createdAt } });
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

  const board = await tx.board.create({ data: { partnershipId, name: data.board.name, createdAt } });
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
    data: (data.board.meetings ?? boardMeetingDates(today)).map((d) => ({
      boardId: board.id,
      meetsOn: day(d),
      createdAt,
    })),
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
      createdAt,
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
      entryCadence: k.entryCadence ?? 'EVERY_PERIOD',
      baselineValue: k.baselineValue,
      baselinePeriod: k.baselinePeriod,
      dataOwnerContactId: k.dataOwner === undefined ? null : contactIds.get(k.dataOwner),
      source: k.source,
      formula: k.formula ?? null,
      ...ragColumns(k.rag ?? { kind: 'NONE' }),
      createdAt,
    })),
  });
  const history = kpiHistory(data, today);
  const referenceFigures = [...data.referenceFigures, ...history.referenceFigures];
  await tx.referenceFigure.createMany({
    data: referenceFigures.map((r) => ({ partnershipId, ...r })),
  });
  await tx.kpiTarget.createMany({
    data: history.targets.map((t) => ({ kpiId: kpiIds.get(t.code), periodKey: t.periodKey, value: t.value })),
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
      createdAt,
    })),
  );
  // The history's figures, entered by the coordinator as each period's figures came in.
  const source = (code: string) => data.kpis.find((k) => k.code === code)?.source ?? null;
  const reported = history.values.map(({ code, value: v, enteredAt }) => ({
    kpiId: kpiIds.get(code),
    periodKey: v.periodKey,
    periodStart: day(v.periodStart),
    periodEnd: day(v.periodEnd),
    value: v.value,
    status: v.status,
    note: v.note,
    exceptional: false,
    source: `${source(code)} (demo figures, illustrative)`,
    enteredBy: 'coordinator',
    channel: 'api',
    createdAt: enteredAt,
  }));
  const all = [...entered, ...reported];
  const graph = new KpiGraph(data.kpis.map(kpiDefinition));
  const inputsOf = new Map(
    data.kpis.map((k) => [kpiIds.get(k.code), new Set(graph.get(k.code)?.formula?.kpiCodes.map(kpiIds.get))]),
  );
  const derived = derivedValues(graph, data, referenceFigures, all, kpiIds.get).map((d) => {
    const from = d.periodStart as Date;
    const to = d.periodEnd as Date;
    const inputs = all.filter(
      (v) => inputsOf.get(d.kpiId)?.has(v.kpiId) && v.periodStart >= from && v.periodEnd <= to,
    );
    // Recomputed when its last input arrived.
    return {
      ...d,
      createdAt: new Date(Math.max(createdAt.getTime(), ...inputs.map((v) => v.createdAt.getTime()))),
    };
  });
  await tx.kpiValue.createMany({ data: [...all, ...derived] });
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
      createdAt,
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
      occurredAt: createdAt,
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

  await writeDemoHistory(
    tx,
    data,
    {
      partnershipId,
      strategyId: strategy.id,
      boardId: board.id,
      actionId: actionIds.get,
      contactId: contactIds.get,
    },
    today,
    linkSecret,
  );

  return {
    boardId: board.id,
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
  referenceFigures: SeedData['referenceFigures'],
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
  for (const r of referenceFigures) references.set(r.code, r.periodKey, r.value);
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
