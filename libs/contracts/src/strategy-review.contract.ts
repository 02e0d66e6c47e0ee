import { z } from 'zod';
import { optionalText } from './list-query.contract';
import { recordPublicationSchema } from './strategy.contract';

// The three-year strategy review's plan as data (SI 2021/990 reg 4; s.57(4)): its stages, the groups engaged
// and the chain of approvals. Nothing here is a council's plan: any number of stages, groups and gates.

const day = z.iso.date().describe('YYYY-MM-DD');
const nothingToChange = (p: object) => Object.keys(p).length > 0;
const ref = (example: string) =>
  z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
      `Letters, digits, ".", "_" or "-", up to 40 characters, e.g. ${example}`,
    );

/** How a gate decides: `approval` decides; `formal-comment` (e.g. scrutiny) is recorded without deciding. */
export const GATE_KINDS = ['approval', 'formal-comment'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

export const createStrategyReviewSchema = z.strictObject({
  title: z.string().trim().min(3).max(300).describe('e.g. "Domestic abuse strategy review 2024"'),
  windowNumber: z
    .int()
    .min(0)
    .max(40)
    .optional()
    .describe("The review clock's window the review answers (0 is the first); default: the current one"),
});
export const updateStrategyReviewSchema = createStrategyReviewSchema
  .pick({ title: true })
  .partial()
  .refine(nothingToChange, 'Nothing to change');

const inOrder = <K extends string>(from: K, to: K) => ({
  check: (value: Partial<Record<K, string | null | undefined>>) =>
    !value[from] || !value[to] || (value[from] as string) <= (value[to] as string),
  message: { message: `${to} must not be before ${from}`, path: [to] },
});

const stageOrder = inOrder('startsOn', 'endsOn');
const stageFields = z.strictObject({
  key: ref('"evidence"').describe('Stable reference of the stage in the review, e.g. "engagement"'),
  name: z.string().trim().min(2).max(200),
  startsOn: day,
  endsOn: day,
});
export const createReviewStageSchema = stageFields.refine(stageOrder.check, stageOrder.message);
export const updateReviewStageSchema = stageFields
  .partial()
  .refine(nothingToChange, 'Nothing to change')
  .refine(stageOrder.check, stageOrder.message);

const question = z.string().trim().min(3).max(1000);
const activityOrder = inOrder('opensOn', 'closesOn');
const activityFields = z.strictObject({
  ref: ref('"E1"').describe('Stable reference of the activity in the review, e.g. "E1"'),
  group: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .describe('The group or body engaged, e.g. "Survivors\' forum", "Health scrutiny committee"'),
  contactId: z.uuid().nullable().describe('Who is asked: a contact of the partnership'),
  members: optionalText(2000).describe('Who the group is, where there is no single contact'),
  aim: z.string().trim().min(3).max(2000),
  questions: z
    .array(question)
    .max(50)
    .refine((list) => new Set(list).size === list.length, 'Each question once')
    .describe('The questions put to the group'),
  opensOn: day.nullable(),
  closesOn: day.nullable(),
  stageKey: ref('"engagement"').nullable().describe("The stage it belongs to, by the stage's key"),
});
const reachable = {
  check: (a: { contactId?: string | null; members?: string | null }) => !!a.contactId || !!a.members,
  message: { message: 'Give a contact or describe the members', path: ['contactId'] },
};
export const createEngagementActivitySchema = activityFields
  .extend({
    contactId: activityFields.shape.contactId.default(null),
    members: z.string().trim().max(2000).nullable().default(null),
    questions: activityFields.shape.questions.default([]),
    opensOn: day.nullable().default(null),
    closesOn: day.nullable().default(null),
    stageKey: activityFields.shape.stageKey.default(null),
  })
  .refine(reachable.check, reachable.message)
  .refine(activityOrder.check, activityOrder.message);
export const updateEngagementActivitySchema = activityFields
  .partial()
  .refine(nothingToChange, 'Nothing to change')
  .refine(activityOrder.check, activityOrder.message);

const preconditionName = z.string().trim().min(2).max(300);
const gateFields = z.strictObject({
  ref: ref('"G1"').describe('Stable reference of the gate in the review, e.g. "G1"'),
  body: z
    .string()
    .trim()
    .min(2)
    .max(200)
    .describe('The body or person, e.g. "Partnership board", "Cabinet member", "Scrutiny"'),
  approverContactId: z.uuid().nullable().describe('Who is asked: a contact of the partnership'),
  approves: z.string().trim().min(3).max(1000).describe('What is approved, e.g. "The draft strategy"'),
  kind: z.enum(GATE_KINDS),
  stageKey: ref('"approval"')
    .nullable()
    .describe(
      "The stage the gate closes, by the stage's key: it is asked once the stages before it are done",
    ),
  preconditions: z
    .array(preconditionName)
    .max(30)
    .refine(
      (list) => new Set(list.map((p) => p.toLowerCase())).size === list.length,
      'Each precondition once',
    )
    .describe(
      'Named conditions the gate waits for, e.g. "Equality impact assessment completed"; a change keeps those met',
    ),
});
export const createApprovalGateSchema = gateFields.extend({
  approverContactId: gateFields.shape.approverContactId.default(null),
  kind: gateFields.shape.kind.default('approval'),
  stageKey: gateFields.shape.stageKey.default(null),
  preconditions: gateFields.shape.preconditions.default([]),
});
export const updateApprovalGateSchema = gateFields.partial().refine(nothingToChange, 'Nothing to change');

export const reorderGatesSchema = z.strictObject({
  refs: z
    .array(z.string().trim().min(1).max(40))
    .min(1)
    .max(200)
    .refine((list) => new Set(list).size === list.length, 'Each gate once')
    .describe("Every live gate's ref, in the order they are passed"),
});

export const markPreconditionSchema = z.strictObject({
  met: z.boolean().describe('true: met now, by the caller; false: not met after all'),
  note: z.string().trim().max(2000).nullable().default(null),
});

export const startReviewSchema = z.strictObject({
  respondBy: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      "Answers due by then from every activity open at the start, instead of 17:00 on each activity's closing date",
    ),
});

/** The review's result as the strategy's publication history records it; where it is published is needed. */
export const publishReviewSchema = recordPublicationSchema.extend({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('Where it is published: the council must publish it (s.57)'),
});

export const resubmitGateSchema = z.strictObject({
  note: z
    .string()
    .trim()
    .max(5000)
    .nullable()
    .default(null)
    .describe('What changed since the gate sent it back; the approver reads it'),
});

export const enterEngagementResponseSchema = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        question: z.string().trim().min(1).max(1000),
        answer: z.string().trim().min(1).max(20000),
      }),
    )
    .min(1)
    .max(50)
    .describe('What the group said, per question; never anything that identifies a survivor'),
});

const carryDecisionSchema = z.discriminatedUnion('choice', [
  z.strictObject({
    actionId: z.uuid(),
    choice: z.literal('carry').describe('Into the new plan: same lead, a new due date, its history linked'),
    dueDate: z.iso.date().describe('The new due date'),
    ref: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe("Its reference in the new plan; the old one's when left out"),
    priorityId: z.uuid().optional().describe("One of the new strategy's priorities"),
    note: z.string().trim().max(2000).optional(),
  }),
  z.strictObject({
    actionId: z.uuid(),
    choice: z.literal('close').describe('Closed as complete in the old plan'),
    note: z.string().trim().min(1, 'Say how far it got').max(2000),
  }),
  z.strictObject({
    actionId: z.uuid(),
    choice: z.literal('drop').describe('Dropped (cancelled)'),
    note: z.string().trim().min(1, 'Give the reason it is dropped').max(2000),
  }),
]);

/**
 * Once the review approved the new strategy: a decision for every unfinished action of the old one, and how
 * each of the old strategy's KPIs carries over (its series unbroken unless marked otherwise).
 */
export const carryForwardSchema = z.strictObject({
  newStrategyId: z.uuid().describe('The strategy the review approved (created and imported beforehand)'),
  actions: z.array(carryDecisionSchema).max(2000),
  kpis: z
    .array(
      z.strictObject({
        kpiId: z.uuid(),
        series: z
          .enum(['continue', 'new', 'retire'])
          .describe(
            'continue: the series runs on unbroken; new: a new series from the new strategy; retire: archived',
          ),
      }),
    )
    .max(1000)
    .default([])
    .describe('KPIs left out continue their series unbroken'),
});

export type StartReview = z.output<typeof startReviewSchema>;
export type CarryForward = z.output<typeof carryForwardSchema>;
export type CarryDecision = z.output<typeof carryDecisionSchema>;
export type PublishReview = z.output<typeof publishReviewSchema>;
export type ResubmitGate = z.output<typeof resubmitGateSchema>;
export type EnterEngagementResponse = z.output<typeof enterEngagementResponseSchema>;
export type CreateStrategyReview = z.output<typeof createStrategyReviewSchema>;
export type UpdateStrategyReview = z.output<typeof updateStrategyReviewSchema>;
export type CreateReviewStage = z.output<typeof createReviewStageSchema>;
export type UpdateReviewStage = z.output<typeof updateReviewStageSchema>;
export type CreateEngagementActivity = z.output<typeof createEngagementActivitySchema>;
export type UpdateEngagementActivity = z.output<typeof updateEngagementActivitySchema>;
export type CreateApprovalGate = z.output<typeof createApprovalGateSchema>;
export type UpdateApprovalGate = z.output<typeof updateApprovalGateSchema>;
export type ReorderGates = z.output<typeof reorderGatesSchema>;
export type MarkPrecondition = z.output<typeof markPreconditionSchema>;
