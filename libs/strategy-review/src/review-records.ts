// The review's records as the API shows them, and the writes the admin routes and the spreadsheet import
// share: one place that turns a stage, activity or gate into rows, so both check and store it alike.
import { GateKind } from '@waymark/contracts';
import { ApprovalGateKind, Prisma } from '@waymark/db';
import type { ActivityData, GateData, PlanState, StageData } from './plan-sheets';

export const reviewInclude = {
  stages: { orderBy: [{ position: 'asc' }, { key: 'asc' }] },
  activities: {
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    include: { contact: { select: { id: true, name: true, email: true } }, stage: { select: { key: true } } },
  },
  gates: {
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    include: {
      approver: { select: { id: true, name: true, email: true } },
      stage: { select: { key: true } },
      preconditions: { orderBy: { position: 'asc' } },
    },
  },
} satisfies Prisma.StrategyReviewInclude;

export type ReviewRecord = Prisma.StrategyReviewGetPayload<{ include: typeof reviewInclude }>;

const KINDS: Record<GateKind, ApprovalGateKind> = {
  approval: 'APPROVAL',
  'formal-comment': 'FORMAL_COMMENT',
};
export const gateKind = (kind: ApprovalGateKind): GateKind =>
  kind === 'FORMAL_COMMENT' ? 'formal-comment' : 'approval';

export const toDate = (day: string | null): Date | null => (day ? new Date(`${day}T00:00:00Z`) : null);
export const isoDay = (date: Date | null): string | null => (date ? date.toISOString().slice(0, 10) : null);

type Contact = { id: string; name: string; email: string } | null;

export interface ReviewPlanView {
  id: string;
  strategyId: string;
  title: string;
  state: string;
  window: { number: number; start: string; end: string };
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  stages: { id: string; key: string; name: string; startsOn: string; endsOn: string; position: number }[];
  activities: {
    id: string;
    ref: string;
    group: string;
    contact: Contact;
    members: string | null;
    aim: string;
    questions: string[];
    opensOn: string | null;
    closesOn: string | null;
    stageKey: string | null;
    position: number;
  }[];
  gates: {
    id: string;
    ref: string;
    body: string;
    approver: Contact;
    approves: string;
    kind: GateKind;
    stageKey: string | null;
    position: number;
    preconditions: {
      id: string;
      name: string;
      met: boolean;
      metAt: Date | null;
      metBy: string | null;
      metNote: string | null;
    }[];
  }[];
}

const stageData = (s: ReviewRecord['stages'][number]) => ({
  key: s.key,
  name: s.name,
  startsOn: isoDay(s.startsOn)!,
  endsOn: isoDay(s.endsOn)!,
});

const activityData = (a: ReviewRecord['activities'][number]) => ({
  ref: a.ref,
  group: a.groupName,
  members: a.members,
  aim: a.aim,
  questions: a.questions,
  opensOn: isoDay(a.opensOn),
  closesOn: isoDay(a.closesOn),
  stageKey: a.stage?.key ?? null,
});

/** The review with its live plan (archived stages, activities and gates are left out). */
export function planView(review: ReviewRecord): ReviewPlanView {
  const live = <T extends { archivedAt: Date | null }>(list: T[]) => list.filter((x) => !x.archivedAt);
  return {
    id: review.id,
    strategyId: review.strategyId,
    title: review.title,
    state: review.state,
    window: {
      number: review.windowNumber,
      start: isoDay(review.windowStart)!,
      end: isoDay(review.windowEnd)!,
    },
    createdBy: review.createdBy,
    createdAt: review.createdAt,
    updatedAt: review.updatedAt,
    stages: live(review.stages).map((s) => ({ id: s.id, ...stageData(s), position: s.position })),
    activities: live(review.activities).map((a) => ({
      id: a.id,
      ...activityData(a),
      contact: a.contact,
      position: a.position,
    })),
    gates: live(review.gates).map((g) => ({
      id: g.id,
      ref: g.ref,
      body: g.body,
      approver: g.approver,
      approves: g.approves,
      kind: gateKind(g.kind),
      stageKey: g.stage?.key ?? null,
      position: g.position,
      preconditions: g.preconditions.map((p) => ({
        id: p.id,
        name: p.name,
        met: p.metAt !== null,
        metAt: p.metAt,
        metBy: p.metBy,
        metNote: p.metNote,
      })),
    })),
  };
}

/** The plan in the API's terms, archived records included (marked), for comparing a spreadsheet with it. */
export function planState(review: ReviewRecord, contacts: PlanState['contacts']): PlanState {
  return {
    contacts,
    stages: review.stages.map((s) => ({ id: s.id, archived: !!s.archivedAt, ...stageData(s) })),
    activities: review.activities.map((a) => ({
      id: a.id,
      archived: !!a.archivedAt,
      ...activityData(a),
      contactId: a.contactId,
    })),
    gates: review.gates.map((g) => ({
      id: g.id,
      archived: !!g.archivedAt,
      ref: g.ref,
      body: g.body,
      approverContactId: g.approverContactId,
      approves: g.approves,
      kind: gateKind(g.kind),
      stageKey: g.stage?.key ?? null,
      preconditions: g.preconditions.map((p) => p.name),
    })),
  };
}

type Tx = Prisma.TransactionClient;

export function stageColumns(data: StageData) {
  return {
    key: data.key,
    name: data.name,
    startsOn: toDate(data.startsOn)!,
    endsOn: toDate(data.endsOn)!,
  };
}

export function activityColumns(data: ActivityData, stageIds: ReadonlyMap<string, string>) {
  return {
    ref: data.ref,
    groupName: data.group,
    contactId: data.contactId,
    members: data.members,
    aim: data.aim,
    questions: data.questions,
    opensOn: toDate(data.opensOn),
    closesOn: toDate(data.closesOn),
    stageId: data.stageKey ? stageIds.get(data.stageKey)! : null,
  };
}

export function gateColumns(data: GateData, stageIds: ReadonlyMap<string, string>) {
  return {
    ref: data.ref,
    body: data.body,
    approverContactId: data.approverContactId,
    approves: data.approves,
    kind: KINDS[data.kind],
    stageId: data.stageKey ? stageIds.get(data.stageKey)! : null,
  };
}

/**
 * Sets a gate's preconditions to the names given, in their order: those kept keep whether they were met (a
 * name is matched case-blind), those left out go, new ones start unmet.
 */
export async function setPreconditions(tx: Tx, gateId: string, names: readonly string[]): Promise<void> {
  const existing = await tx.gatePrecondition.findMany({ where: { gateId } });
  const key = (name: string) => name.toLowerCase();
  const wanted = new Set(names.map(key));
  const gone = existing.filter((p) => !wanted.has(key(p.name)));
  if (gone.length) await tx.gatePrecondition.deleteMany({ where: { id: { in: gone.map((p) => p.id) } } });
  for (const [position, name] of names.entries()) {
    const kept = existing.find((p) => key(p.name) === key(name));
    if (kept) {
      if (kept.position !== position || kept.name !== name)
        await tx.gatePrecondition.update({ where: { id: kept.id }, data: { position, name } });
    } else await tx.gatePrecondition.create({ data: { gateId, name, position } });
  }
}
