// The demo partnership's recent past, generated relative to `today` so that `npm start` opens on a plan that
// is being worked: four past quarters of update requests and the leads' answers (most on time, some late,
// a few never), the current quarter's round under way (most answered, some still open past their deadline,
// which the action workflows `npm start` runs take up as they stand), an action completed, an extension
// approved, a proposed date waiting for a decision, an action overdue, the last board meeting's report as it
// was built and kept, and a reply waiting in triage. Rows are written as the services write them
// (UpdateRequestsService, ActionControls, BoardReportDelivery, InboundLog), with the audit event each writes,
// dated when it would have happened. Everything is illustrative: the people are the seed's fictional contacts,
// and no text is about a person.
import { createHash, randomUUID } from 'node:crypto';
import {
  type KpiPeriod,
  type ReportingPeriod,
  addWorkingDays,
  kpiEntryPeriodsEndingWithin,
  kpiPeriodDates,
  kpiPeriodsEndingWithin,
  londonDate,
  londonIsoDate,
  londonTimeOn,
  monthNumber,
  monthNumberAt,
  nextEntryPeriod,
  reportingPeriodAt,
} from '@waymark/calendar';
import type { ActionStatus, Prisma, PrismaClient, PrismaService } from '@waymark/db';
import { BoardReportService, summariseForEmail } from '@waymark/reports';
import { addMonths, reviewWindow } from '@waymark/strategies';
import { deriveToken, hashToken, newTokenNonce } from '@waymark/update-requests';
import type { SeedData, SeedKpiValue, SeedReferenceFigure } from './sandwell.data';

/** How many whole quarters before the current one the history covers. */
export const HISTORY_QUARTERS = 4;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The quarter containing `today` and the `HISTORY_QUARTERS` before it, oldest first. */
export function historyQuarters(today: Date): { past: ReportingPeriod[]; current: ReportingPeriod } {
  const current = reportingPeriodAt(today, 'QUARTERLY');
  const past: ReportingPeriod[] = [];
  let start = current.start;
  for (let i = 0; i < HISTORY_QUARTERS; i += 1) {
    const previous = reportingPeriodAt(new Date(start.getTime() - 1), 'QUARTERLY');
    past.unshift(previous);
    start = previous.start;
  }
  return { past, current };
}

/** When the action plan was loaded: a fortnight before the first quarter of the history. */
export function loadedAt(today: Date): Date {
  return new Date(historyQuarters(today).past[0].start.getTime() - 14 * DAY_MS);
}

/**
 * The board meets on the third Wednesday of each quarter's last month: the two meetings before `today` and the
 * four after it, as ISO dates.
 */
export function boardMeetingDates(today: Date): string[] {
  const { year, month } = londonDate(today);
  const firstQuarterMonth = month - ((month - 1) % 3); // 1, 4, 7, 10
  const dates: string[] = [];
  for (let q = -3; q <= 4; q += 1) {
    const m0 = firstQuarterMonth + q * 3 + 2; // the quarter's last month, may run outside 1-12
    const y = year + Math.floor((m0 - 1) / 12);
    const m = ((((m0 - 1) % 12) + 12) % 12) + 1;
    const firstDay = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
    const day = 1 + ((3 - firstDay + 7) % 7) + 14;
    dates.push(`${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  const iso = londonIsoDate(today);
  const before = dates.filter((d) => d < iso).slice(-2);
  const after = dates.filter((d) => d >= iso).slice(0, 4);
  return [...before, ...after];
}

/** What a round of requests looks like in a quarter: asked three weeks in, due five weeks after that. */
function roundOf(period: ReportingPeriod, today: Date): { sentAt: Date; respondBy: Date } {
  const { year, month, day } = londonDate(period.start);
  const sentAt = addWorkingDays(londonTimeOn(year, month, day, 9 * 60), 15);
  const respondBy = addWorkingDays(londonTimeOn(year, month, day, 17 * 60), 40);
  if (sentAt < today) return { sentAt, respondBy };
  // Early in the current quarter: the round went out soon after it began.
  const elapsed = today.getTime() - period.start.getTime();
  return {
    sentAt: new Date(period.start.getTime() + elapsed * 0.2),
    respondBy: new Date(period.start.getTime() + elapsed * 0.6),
  };
}

/** What one lead said for one action in one quarter. */
interface Answer {
  status: ActionStatus;
  percentComplete: number;
  commentary: string;
  blockers?: string;
  proposedDueDate?: string;
  proposedDueDateReason?: string;
  /** The proposal's fate: approved by the coordinator some days later, or still waiting. */
  approval?: 'APPROVED' | 'PENDING';
  /** Answered after the deadline (reminded first). */
  late?: boolean;
}

/** One action's quarters, oldest first (past quarters, then the current one); null: not answered. */
type Story = (Answer | null)[];

const ON_TRACK_NOTES = [
  'Delivery is on plan. The working group met twice this quarter and the next steps are agreed with partners.',
  'Progress as planned: the draft has been shared with the partnership for comment and feedback is being worked in.',
  'On track. Staff briefings continue across the service and take-up has been good.',
  'Work is progressing well; the next milestone is booked with the partners involved.',
  'On plan. The pathway is in use and early feedback from practitioners is positive.',
];
const AT_RISK_NOTES = [
  'Some slippage: capacity in the team is reduced this quarter and two sessions had to be rescheduled.',
  'At risk: we are waiting for partners to confirm their contribution before we can move to the next stage.',
  'Funding for the next phase is not yet confirmed, which puts the timetable at risk.',
];
const OFF_TRACK_NOTES = [
  'Off track: the procurement did not attract a suitable bid and has to be re-run.',
  'Behind plan: the lead post has been vacant since the start of the quarter and recruitment is under way.',
];

/** The story of an action with no special one (below), varied by its position among the led actions. */
function storyFor(index: number, quarters: number): Story {
  const story: Story = [];
  let percent = 10 + ((index * 7) % 25);
  for (let q = 0; q < quarters; q += 1) {
    const current = q === quarters - 1;
    // A few leads never answered one of the past quarters; a few have not answered this one yet.
    if (!current && (index + q) % 9 === 4) {
      story.push(null);
      continue;
    }
    if (current && index % 6 === 5) {
      story.push(null);
      continue;
    }
    percent = Math.min(95, percent + 8 + ((index + q) % 3) * 4);
    const rotation = (index + q) % 10;
    const status: ActionStatus =
      rotation === 3 || rotation === 7 ? 'AT_RISK' : rotation === 8 ? 'OFF_TRACK' : 'ON_TRACK';
    const notes =
      status === 'ON_TRACK' ? ON_TRACK_NOTES : status === 'AT_RISK' ? AT_RISK_NOTES : OFF_TRACK_NOTES;
    story.push({
      status,
      percentComplete: percent,
      commentary: notes[(index + q) % notes.length],
      ...(status === 'OFF_TRACK' ? { blockers: 'Needs a decision from the partnership on resourcing.' } : {}),
      late: (index * 3 + q) % 5 === 1,
    });
  }
  return story;
}

/** Actions whose past is told explicitly, so the demo has each thing a coordinator deals with. */
interface SpecialStory {
  /** The due date the board agreed when the plan was loaded (ISO), where it set one. */
  agreedDueDate?: (past: ReportingPeriod[], current: ReportingPeriod) => string;
  story: (past: ReportingPeriod[], current: ReportingPeriod) => Story;
  /** Closed as complete by the coordinator after the quarter given (index into the quarters). */
  completedAfter?: number;
}

const lastDayOf = (period: ReportingPeriod) => londonIsoDate(new Date(period.end.getTime() - 1));
const quarterAfter = (period: ReportingPeriod, n: number) => {
  let p = period;
  for (let i = 0; i < n; i += 1) p = reportingPeriodAt(p.end, 'QUARTERLY');
  return p;
};

const SPECIAL_STORIES: Record<string, SpecialStory> = {
  // The 2021/22 children's support posts: delivered, reported complete, closed by the coordinator.
  '3.1.1': {
    story: () => [
      {
        status: 'COMPLETE',
        percentComplete: 100,
        commentary:
          'Both children and young people support posts are permanent now, funded from the safe accommodation grant. ' +
          'Sustainability plan signed off by the commissioning board.',
      },
    ],
    completedAfter: 0,
  },
  // An extension: the security works slipped; the lead proposed a new date and the coordinator approved it.
  '3.2.1': {
    agreedDueDate: (past) => lastDayOf(past[2]),
    story: (_past, current) => [
      {
        status: 'ON_TRACK',
        percentComplete: 30,
        commentary:
          'Specification for the tenure-neutral Sanctuary scheme agreed with the specialist provider.',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 45,
        commentary: 'Contractor for target-hardening works procured; referral pathway drafted.',
      },
      {
        status: 'AT_RISK',
        percentComplete: 55,
        commentary:
          'The contractor could not start until late in the quarter, so the scheme will not be fully live by the agreed date.',
        proposedDueDate: lastDayOf(quarterAfter(current, 1)),
        proposedDueDateReason:
          'Contractor start delayed by three months; pathway testing needs a full quarter.',
        approval: 'APPROVED',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 70,
        commentary: 'Works under way on the new timetable; first referrals taken through the pathway.',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 80,
        commentary:
          'Scheme promoted to private landlords and housing associations; on course for the new date.',
      },
    ],
  },
  // Overdue: the standards were due at the end of last quarter; the re-run procurement has not finished.
  '3.3.4': {
    agreedDueDate: (past) => lastDayOf(past[3]),
    story: () => [
      {
        status: 'ON_TRACK',
        percentComplete: 25,
        commentary: 'Draft domestic abuse standards written into the supported accommodation specification.',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 40,
        commentary: 'Standards consulted on with providers; training offer costed.',
      },
      {
        status: 'AT_RISK',
        percentComplete: 50,
        commentary: 'Two providers have asked for more time to release staff for the mandatory training.',
        late: true,
      },
      {
        status: 'AT_RISK',
        percentComplete: 60,
        commentary:
          'The re-commissioning timetable moved, so the standards cannot be mandated by the due date.',
        blockers: 'Re-commissioning timetable set by the council’s procurement board.',
      },
      {
        status: 'OFF_TRACK',
        percentComplete: 65,
        commentary:
          'Procurement has been re-run and contracts will not start until next financial year. A new date will be proposed to the board.',
        blockers: 'Awaiting the procurement board’s decision on the contract start date.',
      },
    ],
  },
  // A proposed date waiting for the coordinator's decision (the console's "approve a proposed date").
  '3.3.6': {
    agreedDueDate: (_past, current) => lastDayOf(current),
    story: (_past, current) => [
      {
        status: 'ON_TRACK',
        percentComplete: 20,
        commentary: 'Scoping meeting held with housing, the refuge provider and the Domestic Abuse Team.',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 35,
        commentary: 'Draft position statement written; legal review requested.',
      },
      {
        status: 'ON_TRACK',
        percentComplete: 45,
        commentary: 'Legal review returned with comments on homeowners’ eligibility.',
      },
      {
        status: 'AT_RISK',
        percentComplete: 55,
        commentary:
          'Finance colleagues need to confirm how rent liability is met while a homeowner is in refuge.',
      },
      {
        status: 'AT_RISK',
        percentComplete: 60,
        commentary:
          'The statement is drafted but needs sign-off by the council’s housing and finance leads, which cannot happen this quarter.',
        proposedDueDate: lastDayOf(quarterAfter(current, 1)),
        proposedDueDateReason: 'Sign-off by the housing and finance leads is scheduled for next quarter.',
        approval: 'PENDING',
      },
    ],
  },
};

/** The ids the history refers to, from the seed's insert. */
export interface HistoryTargets {
  partnershipId: string;
  strategyId: string;
  boardId: string;
  actionId(ref: string): string;
  contactId(key: string): string;
}

/** A coordinator's controls written before accounts existed in the demo: the audit names "coordinator". */
const COORDINATOR = { actorType: 'COORDINATOR' as const, actorId: 'coordinator' };

/**
 * Writes the history, in the seed's transaction. `linkSecret` derives the requests' secure links as the
 * running app does (LINK_SECRET), so the links in the reminders `npm start` sends for open requests work.
 */
export async function writeDemoHistory(
  tx: Prisma.TransactionClient,
  data: SeedData,
  ids: HistoryTargets,
  today: Date,
  linkSecret: string,
): Promise<void> {
  const { past, current } = historyQuarters(today);
  const quarters = [...past, current];
  const audit: Prisma.AuditEventCreateManyInput[] = [];
  const event = (
    occurredAt: Date,
    e: Omit<Prisma.AuditEventCreateManyInput, 'partnershipId' | 'occurredAt'>,
  ) => audit.push({ partnershipId: ids.partnershipId, occurredAt, ...e });

  const loaded = loadedAt(today);
  const leadActions = data.actions.filter((a) => a.leadContact !== undefined);
  const stories = new Map(
    leadActions.map((a, index) => {
      const special = SPECIAL_STORIES[a.ref];
      return [a.ref, special ? special.story(past, current) : storyFor(index, quarters.length)];
    }),
  );

  // Due dates the board agreed when the plan was loaded.
  const dueDates = new Map<string, string>();
  for (const [ref, special] of Object.entries(SPECIAL_STORIES)) {
    if (!special.agreedDueDate) continue;
    const dueDate = special.agreedDueDate(past, current);
    dueDates.set(ref, dueDate);
    event(new Date(loaded.getTime() + DAY_MS), {
      ...COORDINATOR,
      event: 'action.due-date-changed',
      entityType: 'Action',
      entityId: ids.actionId(ref),
      channel: 'api',
      before: { dueDate: null, dueDateParse: 'NONE' },
      after: {
        dueDate: `${dueDate}T00:00:00.000Z`,
        dueDateParse: 'PARSED',
        reason: 'Target date agreed by the partnership board',
      },
    });
  }

  const closedAfter = new Map<string, number>();
  for (const [ref, special] of Object.entries(SPECIAL_STORIES))
    if (special.completedAfter !== undefined) closedAfter.set(ref, special.completedAfter);

  const finalState = new Map<
    string,
    { status: ActionStatus; percentComplete: number | null; lastUpdateAt: Date | null; closedAt?: Date }
  >();
  for (const [q, period] of quarters.entries()) {
    const isCurrent = q === quarters.length - 1;
    const round = roundOf(period, today);
    const answeredBy = isCurrent ? today : period.end;
    // One chase per lead per quarter, as UpdateRequestsService.open makes them.
    const chases = new Map<
      string,
      { id: string; requestIds: string[]; reminded: string[]; escalated: string[] }
    >();
    for (const action of leadActions) {
      const closedAt = closedAfter.get(action.ref);
      if (closedAt !== undefined && q > closedAt) continue;
      const story = stories.get(action.ref)?.[q] ?? null;
      const leadContactId = ids.contactId(action.leadContact as string);
      const actionId = ids.actionId(action.ref);
      let chase = chases.get(leadContactId);
      if (!chase) {
        chase = { id: randomUUID(), requestIds: [], reminded: [], escalated: [] };
        await tx.leadChase.create({
          data: {
            id: chase.id,
            partnershipId: ids.partnershipId,
            leadContactId,
            periodKey: period.key,
            createdAt: new Date(round.sentAt.getTime() - 60 * 1000),
          },
        });
        chases.set(leadContactId, chase);
      }
      const requestId = randomUUID();
      const nonce = newTokenNonce();
      const answeredAt = story ? answerTime(round, answeredBy, story.late ?? false, actionId) : null;
      // Not answered in time (or at all): the last reminder went before the deadline.
      const answer = answeredAt ? story : null;
      const reminded = answer === null ? round.respondBy < answeredBy : (answer.late ?? false);
      // Still unanswered five working days after the deadline: the lead's manager was told.
      const escalatedAt = addWorkingDays(round.respondBy, 5);
      const manager = data.contacts.find((c) => c.key === action.leadContact)?.manager;
      const escalated = answer === null && manager !== undefined && escalatedAt < answeredBy;
      chase.requestIds.push(requestId);
      if (reminded) chase.reminded.push(requestId);
      if (escalated) chase.escalated.push(requestId);
      const state = answer ? 'ANSWERED' : isCurrent ? 'OPEN' : 'EXPIRED';
      await tx.updateRequest.create({
        data: {
          id: requestId,
          partnershipId: ids.partnershipId,
          actionId,
          leadContactId,
          periodKey: period.key,
          periodEnd: period.end,
          respondBy: round.respondBy,
          tokenNonce: nonce,
          tokenHash: hashToken(deriveToken(linkSecret, requestId, nonce)),
          expiresAt: period.end,
          state,
          sentAt: round.sentAt,
          openedAt: answeredAt ? new Date(answeredAt.getTime() - 20 * 60 * 1000) : null,
          answeredAt,
          remindersSent: reminded ? 1 : 0,
          escalatedAt: escalated ? escalatedAt : null,
          chaseId: chase.id,
          createdAt: new Date(round.sentAt.getTime() - 60 * 1000),
        },
      });
      event(new Date(round.sentAt.getTime() - 60 * 1000), {
        actorType: 'WORKFLOW',
        actorId: `action/${actionId}`,
        event: 'update-request.opened',
        entityType: 'UpdateRequest',
        entityId: requestId,
        channel: 'workflow',
        after: {
          actionId,
          leadContactId,
          periodKey: period.key,
          respondBy: round.respondBy.toISOString(),
          expiresAt: period.end.toISOString(),
        },
      });
      if (!answer || !answeredAt) {
        if (!isCurrent)
          event(period.end, {
            actorType: 'WORKFLOW',
            actorId: `action/${actionId}`,
            event: 'update-request.expired',
            entityType: 'UpdateRequest',
            entityId: requestId,
            channel: 'workflow',
            before: { state: 'OPEN' },
            after: { state: 'EXPIRED' },
          });
        continue;
      }
      const before = finalState.get(action.ref) ?? {
        status: 'NOT_STARTED',
        percentComplete: null,
        lastUpdateAt: null,
      };
      const updateId = randomUUID();
      const fields = {
        status: answer.status,
        percentComplete: String(answer.percentComplete),
        commentary: answer.commentary,
        ...(answer.blockers ? { blockers: answer.blockers } : {}),
        ...(answer.proposedDueDate
          ? { proposedDueDate: answer.proposedDueDate, proposedDueDateReason: answer.proposedDueDateReason }
          : {}),
      };
      await tx.update.create({
        data: {
          id: updateId,
          partnershipId: ids.partnershipId,
          actionId,
          updateRequestId: requestId,
          channel: 'FORM',
          submittedByContactId: leadContactId,
          status: answer.status,
          percentComplete: answer.percentComplete,
          commentary: answer.commentary,
          blockers: answer.blockers ?? null,
          proposedDueDate: answer.proposedDueDate ? new Date(`${answer.proposedDueDate}T00:00:00Z`) : null,
          proposedDueDateReason: answer.proposedDueDateReason ?? null,
          approvalState: answer.proposedDueDate ? (answer.approval ?? 'PENDING') : 'NOT_REQUIRED',
          rawSource: { channel: 'form', fields, figures: [] },
          submittedAt: answeredAt,
        },
      });
      const after = {
        status: answer.status,
        percentComplete: answer.percentComplete,
        lastUpdateAt: answeredAt,
      };
      event(answeredAt, {
        actorType: 'LEAD',
        actorId: leadContactId,
        event: 'update.submitted',
        entityType: 'Action',
        entityId: actionId,
        channel: 'form',
        before: { ...before, lastUpdateAt: before.lastUpdateAt?.toISOString() ?? null },
        after: { ...after, lastUpdateAt: answeredAt.toISOString(), updateId, requestId },
      });
      finalState.set(action.ref, after);

      if (answer.proposedDueDate && answer.approval === 'APPROVED') {
        const decidedAt = addWorkingDays(answeredAt, 3);
        const previous = dueDates.get(action.ref) ?? null;
        dueDates.set(action.ref, answer.proposedDueDate);
        event(decidedAt, {
          ...COORDINATOR,
          event: 'action.proposed-date-approved',
          entityType: 'Action',
          entityId: actionId,
          channel: 'api',
          before: { dueDate: previous ? `${previous}T00:00:00.000Z` : null, dueDateParse: 'PARSED' },
          after: {
            dueDate: `${answer.proposedDueDate}T00:00:00.000Z`,
            dueDateParse: 'PARSED',
            updateId,
            proposedDueDate: `${answer.proposedDueDate}T00:00:00.000Z`,
            note: 'Agreed: the delay is outside the lead’s control. Reported to the board.',
          },
        });
      }
      if (closedAfter.get(action.ref) === q) {
        const closedAt = addWorkingDays(answeredAt, 2);
        const note = 'Delivered: confirmed with the lead and reported to the board.';
        await tx.action.update({
          where: { id: actionId },
          data: { closedAt, closingNote: note },
        });
        event(closedAt, {
          ...COORDINATOR,
          event: 'action.completed',
          entityType: 'Action',
          entityId: actionId,
          channel: 'api',
          before: {
            status: answer.status,
            closedAt: null,
            closingNote: null,
            percentComplete: answer.percentComplete,
          },
          after: {
            status: 'COMPLETE',
            closedAt: closedAt.toISOString(),
            closingNote: note,
            percentComplete: 100,
          },
        });
        finalState.set(action.ref, { ...after, status: 'COMPLETE', percentComplete: 100, closedAt });
      }
    }
    for (const [leadContactId, chase] of chases) {
      const lead = data.contacts.find((c) => ids.contactId(c.key) === leadContactId);
      const chaseEvent = (at: Date, name: string, step: string, requestIds: string[], to = lead?.email) =>
        event(at, {
          actorType: 'WORKFLOW',
          actorId: `chase/${leadContactId}/${period.key}`,
          event: name,
          entityType: 'LeadChase',
          entityId: chase.id,
          channel: 'email',
          after: { step, to, requestIds },
        });
      chaseEvent(round.sentAt, 'chase.request-sent', 'request:1', chase.requestIds);
      if (chase.reminded.length > 0)
        chaseEvent(
          new Date(round.respondBy.getTime() - 8 * 60 * 60 * 1000),
          'chase.reminder-sent',
          'reminder:1',
          chase.reminded,
        );
      const manager = data.contacts.find((c) => c.key === lead?.manager);
      if (chase.escalated.length > 0 && manager)
        chaseEvent(
          addWorkingDays(round.respondBy, 5),
          'chase.escalation-sent',
          'escalation:manager',
          chase.escalated,
          manager.email,
        );
    }
  }

  // The requests were written first; the actions' fields follow what their last update left.
  for (const action of leadActions) {
    const state = finalState.get(action.ref);
    const dueDate = dueDates.get(action.ref);
    if (!state && !dueDate) continue;
    await tx.action.update({
      where: { id: ids.actionId(action.ref) },
      data: {
        ...(state
          ? { status: state.status, percentComplete: state.percentComplete, lastUpdateAt: state.lastUpdateAt }
          : {}),
        ...(dueDate ? { dueDate: new Date(`${dueDate}T00:00:00Z`), dueDateParse: 'PARSED' } : {}),
      },
    });
  }

  await writeReviews(tx, ids.strategyId, today, event);
  await writeInboundReply(tx, ids, current, today, event);
  await tx.auditEvent.createMany({ data: audit });
}

/** Between the request and the deadline (on time) or between the deadline and the quarter's end (late). */
function answerTime(
  round: { sentAt: Date; respondBy: Date },
  until: Date,
  late: boolean,
  seed: string,
): Date | null {
  // A stable spread from the action's id, so that answers do not all arrive at the same minute.
  const spread = (parseInt(seed.replace(/-/g, '').slice(0, 8), 16) % 1000) / 1000;
  const onTime = [round.sentAt, round.respondBy < until ? round.respondBy : until] as const;
  // Early in the current quarter no answer can be late yet: a late answerer has answered in time.
  const [from, to] = late && round.respondBy < until ? [round.respondBy, until] : onTime;
  if (to <= from) return null;
  return officeHours(
    new Date(from.getTime() + (to.getTime() - from.getTime()) * (0.1 + 0.8 * spread)),
    from,
    to,
  );
}

/** The same day between 09:00 and 17:00 London time (by the minute), when that stays within the window. */
function officeHours(instant: Date, from: Date, to: Date): Date {
  const { year, month, day } = londonDate(instant);
  const minutes = 9 * 60 + (Math.floor(instant.getTime() / 60_000) % (8 * 60));
  const moved = londonTimeOn(year, month, day, minutes);
  return moved > from && moved < to ? moved : instant;
}

/**
 * The statutory reviews (SI 2021/990 reg 4) of every three-year window that has closed by `today`: the board
 * reviewed the strategy a couple of months before each window closed and kept it, so the review is not
 * overdue and the current window's warnings are the ones a coordinator would see.
 */
async function writeReviews(
  tx: Prisma.TransactionClient,
  strategyId: string,
  today: Date,
  event: (at: Date, e: Omit<Prisma.AuditEventCreateManyInput, 'partnershipId' | 'occurredAt'>) => void,
): Promise<void> {
  const strategy = await tx.strategy.findUniqueOrThrow({ where: { id: strategyId } });
  if (!strategy.firstPublishedOn) return;
  const first = strategy.firstPublishedOn.toISOString().slice(0, 10);
  for (let k = 0; ; k += 1) {
    const window = reviewWindow(first, k);
    if (window.end >= londonIsoDate(today)) break;
    const publishedOn = addMonths(window.end, -2);
    const publication = await tx.strategyPublication.create({
      data: {
        strategyId,
        publishedOn: new Date(`${publishedOn}T00:00:00Z`),
        kind: 'REVIEWED_UNCHANGED',
        note: 'Reviewed by the partnership board against a refreshed needs assessment; kept, with its action plan.',
        createdAt: new Date(`${publishedOn}T16:00:00Z`),
      },
    });
    event(new Date(`${publishedOn}T16:00:00Z`), {
      ...COORDINATOR,
      event: 'strategy.publication-recorded',
      entityType: 'StrategyPublication',
      entityId: publication.id,
      channel: 'api',
      after: { ...publication, publishedOn, createdAt: publication.createdAt.toISOString() },
    });
  }
}

/**
 * A reply to this quarter's request that could not be read (no status line), from a lead whose request is still
 * open: matched by its reply address, kept without its body as InboundLog keeps it, waiting in triage.
 */
async function writeInboundReply(
  tx: Prisma.TransactionClient,
  ids: HistoryTargets,
  current: ReportingPeriod,
  today: Date,
  event: (at: Date, e: Omit<Prisma.AuditEventCreateManyInput, 'partnershipId' | 'occurredAt'>) => void,
): Promise<void> {
  const open = await tx.updateRequest.findFirst({
    where: { partnershipId: ids.partnershipId, periodKey: current.key, state: 'OPEN' },
    include: { action: true, leadContact: true, chase: true },
    orderBy: { action: { ref: 'asc' } },
  });
  if (!open?.sentAt || !open.chase) return;
  const receivedAt = officeHours(
    new Date(open.sentAt.getTime() + (today.getTime() - open.sentAt.getTime()) * 0.7),
    open.sentAt,
    today,
  );
  const id = randomUUID();
  const problems = ['Add a "Status:" line: not started, on track, at risk, off track, blocked or complete.'];
  await tx.inboundMessage.create({
    data: {
      id,
      partnershipId: ids.partnershipId,
      messageId: `<${id}@${open.leadContact.email.split('@')[1]}>`,
      receivedVia: 'smtp',
      fromAddress: open.leadContact.email,
      subject: `Re: Update needed: ${open.action.ref} ${open.action.title}`,
      outcome: 'NOT_UNDERSTOOD',
      leadChaseId: open.chase.id,
      matchedBy: 'reply-address',
      fields: {},
      problems,
      receivedAt,
    },
  });
  event(receivedAt, {
    actorType: 'SYSTEM',
    actorId: 'inbound-mail',
    event: 'inbound.not_understood',
    entityType: 'InboundMessage',
    entityId: id,
    channel: 'email',
    after: { from: open.leadContact.email, matchedBy: 'reply-address', problemCount: problems.length },
  });
}

/**
 * The report the board was given before its last meeting, built by the product's own BoardReportService from
 * the records as they stood then, and kept as BoardReportDelivery.prepare keeps it (with its audit event).
 * Run once the history is committed: the service reads with concurrent queries, which the one connection of
 * an interactive transaction should not be given.
 */
export async function writeLastBoardReport(
  prisma: PrismaClient,
  ids: Pick<HistoryTargets, 'partnershipId' | 'strategyId' | 'boardId'>,
  today: Date,
): Promise<void> {
  const board = await prisma.board.findUniqueOrThrow({
    where: { id: ids.boardId },
    include: {
      meetings: {
        where: { meetsOn: { lt: new Date(`${londonIsoDate(today)}T00:00:00Z`) } },
        orderBy: { meetsOn: 'desc' },
        take: 1,
      },
    },
  });
  const [meeting] = board.meetings;
  if (!meeting) return;
  const { year, month, day } = londonDate(meeting.meetsOn);
  const asOf = addWorkingDays(londonTimeOn(year, month, day, 7 * 60), -board.reportWorkingDaysBefore);
  const strategy = await prisma.strategy.findUniqueOrThrow({ where: { id: ids.strategyId } });
  const built = await new BoardReportService(prisma as PrismaService).build(strategy.id, {
    now: asOf,
    meeting: { boardName: board.name, meetsOn: meeting.meetsOn },
  });
  const summary = summariseForEmail(built.assessment, strategy.title, built.data.period.label);
  const sha256 = createHash('sha256').update(built.content).digest('hex');
  await prisma.$transaction(async (tx) => {
    const report = await tx.boardReport.create({
      data: {
        partnershipId: ids.partnershipId,
        boardId: board.id,
        meetingId: meeting.id,
        strategyId: strategy.id,
        periodKey: built.data.period.key,
        asOf: built.data.asOf,
        fileName: built.fileName,
        content: new Uint8Array(built.content),
        sha256,
        summary: summary as unknown as Prisma.InputJsonValue,
        createdAt: asOf,
      },
    });
    await tx.auditEvent.create({
      data: {
        partnershipId: ids.partnershipId,
        occurredAt: asOf,
        actorType: 'WORKFLOW',
        actorId: `board-report/${board.id}`,
        event: 'board-report.built',
        entityType: 'BoardReport',
        entityId: report.id,
        channel: 'workflow',
        after: {
          meetsOn: meeting.meetsOn.toISOString(),
          periodKey: built.data.period.key,
          sha256,
          counts: summary.counts,
        } as unknown as Prisma.InputJsonValue,
      },
    });
  });
}

/** Figures the history adds: each KPI's values since 2021/22 up to the last complete period, and targets. */
export interface KpiHistory {
  /** Entered values, with when they were entered. */
  values: Array<{ code: string; value: SeedKpiValue; enteredAt: Date }>;
  targets: Array<{ code: string; periodKey: string; value: number }>;
  referenceFigures: SeedReferenceFigure[];
}

/** Where the generated series start: the strategy's first year (the document's own figures come before it). */
const SERIES_FROM = monthNumber(2021, 4);

/**
 * Illustrative figures for the strategy's KPIs, by code: a value for each period, counted back from the last
 * complete one (0), and targets likewise (0: the last complete period; -1: the current one). They tell a
 * story a board would recognise: police reporting still rising, MARAC repeats drifting above SafeLives' band,
 * homelessness just over its target, adult safeguarding flagging improving past its target, and the share of
 * refuge referrals for Sandwell residents still well short of the target the communication work aims at.
 */
const SERIES: Record<string, { value: (back: number) => number; target?: (back: number) => number }> = {
  'WMP-DA-INCIDENTS': { value: (back) => Math.round(9150 * Math.pow(0.965, back) + (back % 2) * 140) },
  'MARAC-CASES': { value: (back) => 212 - back + [0, 9, -7, 4][back % 4] },
  'DA-HOMELESSNESS': {
    value: (back) => [292, 284, 296, 318, 301][back] ?? 301,
    target: (back) => Math.round(275 * Math.pow(1.03, back)),
  },
  'ASC-SAFEGUARDING-DA-FLAGGED': {
    value: (back) => [61.2, 58.4, 55.1, 51.7, 48.3][back] ?? 48.3,
    target: (back) => 58 - 2 * back,
  },
  'SA-REFERRALS-SANDWELL-SHARE': {
    value: (back) => [37.6, 39.2, 36.8, 35.1, 34.4][back] ?? 34.4,
    target: (back) => Math.max(40, 45 - back),
  },
};

/** MARAC repeat rate (repeats / cases) by quarter, back from the last complete one. */
const repeatShare = (back: number) =>
  back < 2 ? 0.38 : back < 6 ? 0.42 : [0.35, 0.37, 0.34, 0.36][back % 4];

/** The last month that has ended by `today` (London). */
function lastCompleteMonth(today: Date): number {
  return monthNumberAt(today) - 1;
}

export function kpiHistory(data: SeedData, today: Date): KpiHistory {
  const values: KpiHistory['values'] = [];
  const targets: KpiHistory['targets'] = [];
  const loaded = loadedAt(today);
  const last = lastCompleteMonth(today);
  const enteredAt = (period: KpiPeriod) => {
    const end = new Date(`${kpiPeriodDates(period).last}T12:00:00Z`).getTime();
    return new Date(
      Math.max(loaded.getTime(), Math.min(end + 20 * DAY_MS, today.getTime() - 60 * 60 * 1000)),
    );
  };
  for (const kpi of data.kpis) {
    if (kpi.formula) continue;
    const cadence = kpi.entryCadence ?? 'EVERY_PERIOD';
    const due = kpiEntryPeriodsEndingWithin({ frequency: kpi.frequency, cadence }, SERIES_FROM, last);
    const series =
      kpi.code === 'MARAC-REPEAT-CASES'
        ? {
            value: (back: number) =>
              Math.round((SERIES['MARAC-CASES']?.value(back) ?? 0) * repeatShare(back)),
          }
        : SERIES[kpi.code];
    if (!series) continue;
    const held = new Set(kpi.values.map((v) => v.periodKey));
    for (const [i, period] of due.entries()) {
      if (held.has(period.key)) continue;
      const back = due.length - 1 - i;
      const dates = kpiPeriodDates(period);
      // The latest figure is provisional until the publisher confirms it.
      values.push({
        code: kpi.code,
        value: {
          periodKey: period.key,
          periodStart: dates.first,
          periodEnd: dates.last,
          value: series.value(back),
          status: back === 0 ? 'PROVISIONAL' : 'CONFIRMED',
        },
        enteredAt: enteredAt(period),
      });
    }
    if (series.target && due.length > 0) {
      const lastPeriod = due[due.length - 1];
      const next = nextEntryPeriod(lastPeriod, cadence);
      for (const [back, period] of [
        [2, due[due.length - 3]],
        [1, due[due.length - 2]],
        [0, lastPeriod],
        [-1, next],
      ] as const) {
        if (period) targets.push({ code: kpi.code, periodKey: period.key, value: series.target(back) });
      }
    }
  }
  // The per-1,000 rate needs each year's population: the Census 2021 figure stands until estimates are loaded.
  const census = data.referenceFigures.find((r) => r.code === 'POPULATION' && r.periodKey === '2021-22');
  const referenceFigures: SeedReferenceFigure[] = [];
  if (census) {
    const years = kpiPeriodsEndingWithin('FINANCIAL_YEAR', monthNumber(2022, 4), last + 12);
    for (const year of years) {
      if (data.referenceFigures.some((r) => r.code === 'POPULATION' && r.periodKey === year.key)) continue;
      referenceFigures.push({
        code: 'POPULATION',
        periodKey: year.key,
        value: census.value,
        source: census.source,
        note: 'Census 2021 figure carried forward until ONS mid-year estimates are loaded.',
      });
    }
  }
  return { values, targets, referenceFigures };
}
