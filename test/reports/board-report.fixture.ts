// A partnership whose action plan has one of everything a board report must show: on track, overdue (red),
// stale, unowned, unanswered and chased, complete, cancelled; evidence (a link and a quarantined file);
// KPIs with revisions, a target and a missing value; and a board with members and meetings.
import { randomBytes, randomUUID } from 'node:crypto';
import { reportingPeriodAt } from '@waymark/calendar';
import { PrismaService } from '@waymark/db';
import { createPartnership } from '../support/fixtures';

const DAY = 24 * 60 * 60 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export async function createBoardReportFixture(prisma: PrismaService, now = new Date()) {
  const base = await createPartnership(prisma);
  const { partnership, organisation: police, lead: sam, priority: p1 } = base;
  const partnershipId = partnership.id;
  const period = reportingPeriodAt(now, 'QUARTERLY');
  const previousPeriodEnd = period.start;
  // "Just now", but never before the period began.
  const recent = (minutesAgo: number) =>
    new Date(Math.max(period.start.getTime() + 1000, now.getTime() - minutesAgo * 60_000));

  const strategy = await prisma.strategy.update({
    where: { id: base.strategy.id },
    data: { periodStart: new Date(now.getTime() - 365 * DAY) },
  });
  const p2 = await prisma.priority.create({
    data: { strategyId: strategy.id, ref: 'P2', title: 'Safe accommodation', position: 1 },
  });
  const housing = await prisma.organisation.create({
    data: { partnershipId, name: 'Testshire Housing', kind: 'HOUSING' },
  });
  const council = await prisma.organisation.create({
    data: { partnershipId, name: 'Testshire Council', kind: 'COUNCIL' },
  });
  const suffix = randomUUID().slice(0, 8);
  const contact = (name: string, organisationId: string, mailbox: string, archivedAt: Date | null = null) =>
    prisma.contact.create({
      data: { partnershipId, organisationId, name, email: `${mailbox}+${suffix}@example.org`, archivedAt },
    });
  const robin = await contact('Robin Fictional', housing.id, 'robin.fictional');
  const chair = await contact('Alex Chair', council.id, 'alex.chair');
  const former = await contact('Former Member', council.id, 'former', new Date(now.getTime() - DAY));

  const action = (data: {
    ref: string;
    priorityId: string;
    title: string;
    lead: { id: string; organisationId: string } | null;
    leadText?: string;
    dueDate?: string;
    dueDateText?: string;
    status: 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'CANCELLED';
    percentComplete?: number;
    lastUpdateAt?: Date;
  }) =>
    prisma.action.create({
      data: {
        partnershipId,
        strategyId: strategy.id,
        priorityId: data.priorityId,
        ref: data.ref,
        title: data.title,
        text: `${data.title}.`,
        leadContactId: data.lead?.id ?? null,
        leadText: data.leadText ?? null,
        dueDate: data.dueDate ? day(data.dueDate) : null,
        dueDateText: data.dueDateText ?? data.dueDate ?? null,
        dueDateParse: data.dueDate ? 'PARSED' : data.dueDateText ? 'UNPARSED' : 'NONE',
        status: data.status,
        percentComplete: data.percentComplete ?? null,
        lastUpdateAt: data.lastUpdateAt ?? null,
        createdAt: new Date(now.getTime() - 200 * DAY),
        leadOrganisations: data.lead ? { create: [{ organisationId: data.lead.organisationId }] } : undefined,
      },
    });
  const samLead = { id: sam.id, organisationId: police.id };
  const robinLead = { id: robin.id, organisationId: housing.id };

  const onTrack = await action({
    ref: 'P1.1',
    priorityId: p1.id,
    title: 'Train response officers in coercive control',
    lead: samLead,
    dueDate: '2027-03-31',
    dueDateText: 'March 2027',
    status: 'ON_TRACK',
    percentComplete: 40,
    lastUpdateAt: recent(30),
  });
  const overdue = await action({
    ref: 'P1.2',
    priorityId: p1.id,
    title: 'Run a domestic abuse awareness campaign',
    lead: samLead,
    dueDate: '2020-03-31',
    status: 'AT_RISK',
    percentComplete: 20,
    lastUpdateAt: recent(20),
  });
  const cancelled = await action({
    ref: 'P1.10',
    priorityId: p1.id,
    title: 'Pilot a helpline that another body now runs',
    lead: samLead,
    status: 'CANCELLED',
  });
  const stale = await action({
    ref: 'P2.1',
    priorityId: p2.id,
    title: 'Commission additional refuge bedspaces',
    lead: robinLead,
    dueDate: '2027-06-30',
    status: 'OFF_TRACK',
    percentComplete: 10,
    lastUpdateAt: new Date(period.start.getTime() - 10 * DAY),
  });
  const unowned = await action({
    ref: 'P2.2',
    priorityId: p2.id,
    title: 'Review the sanctuary scheme',
    lead: null,
    leadText: 'Community Safety Partnership?',
    dueDateText: 'during 2027',
    status: 'NOT_STARTED',
  });
  const complete = await action({
    ref: 'P2.3',
    priorityId: p2.id,
    title: 'Complete the safe accommodation needs assessment',
    lead: robinLead,
    dueDate: '2027-01-31',
    status: 'COMPLETE',
    percentComplete: 100,
    lastUpdateAt: recent(10),
  });

  const request = (data: {
    actionId: string;
    leadContactId: string;
    periodKey: string;
    periodEnd: Date;
    state: 'OPEN' | 'ANSWERED' | 'EXPIRED';
    sentAt: Date;
    answeredAt?: Date;
    remindersSent?: number;
  }) =>
    prisma.updateRequest.create({
      data: {
        partnershipId,
        actionId: data.actionId,
        leadContactId: data.leadContactId,
        periodKey: data.periodKey,
        periodEnd: data.periodEnd,
        respondBy: new Date(data.periodEnd.getTime() - DAY),
        expiresAt: data.periodEnd,
        tokenNonce: randomBytes(16).toString('base64url'),
        tokenHash: randomBytes(32).toString('hex'),
        state: data.state,
        sentAt: data.sentAt,
        answeredAt: data.answeredAt ?? null,
        remindersSent: data.remindersSent ?? 0,
        createdAt: data.sentAt,
      },
    });
  const answeredRequest = await request({
    actionId: onTrack.id,
    leadContactId: sam.id,
    periodKey: period.key,
    periodEnd: period.end,
    state: 'ANSWERED',
    sentAt: recent(60),
    answeredAt: recent(30),
  });
  const chasedRequest = await request({
    actionId: stale.id,
    leadContactId: robin.id,
    periodKey: period.key,
    periodEnd: period.end,
    state: 'OPEN',
    sentAt: recent(60),
    remindersSent: 2,
  });
  await request({
    actionId: stale.id,
    leadContactId: robin.id,
    periodKey: 'previous',
    periodEnd: previousPeriodEnd,
    state: 'EXPIRED',
    sentAt: new Date(previousPeriodEnd.getTime() - 40 * DAY),
  });
  // The outbox's record of the first emails of this period.
  await prisma.outboundEmail.createMany({
    data: [answeredRequest, chasedRequest].map((r) => ({
      partnershipId,
      idempotencyKey: `update-request/${r.id}/initial`,
      kind: 'update-request',
      toAddress: 'lead@example.org',
      subject: 'Update needed',
      messageId: `<${r.id}@test.example.org>`,
      status: 'SENT' as const,
      updateRequestId: r.id,
      sentAt: r.sentAt,
    })),
  });

  const update = (data: {
    actionId: string;
    contactId: string;
    requestId?: string;
    status: 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE';
    percentComplete: number;
    commentary: string;
    blockers?: string;
    submittedAt: Date;
  }) =>
    prisma.update.create({
      data: {
        partnershipId,
        actionId: data.actionId,
        updateRequestId: data.requestId ?? null,
        channel: 'FORM',
        submittedByContactId: data.contactId,
        status: data.status,
        percentComplete: data.percentComplete,
        commentary: data.commentary,
        blockers: data.blockers ?? null,
        submittedAt: data.submittedAt,
      },
    });
  const onTrackUpdate = await update({
    actionId: onTrack.id,
    contactId: sam.id,
    requestId: answeredRequest.id,
    status: 'ON_TRACK',
    percentComplete: 40,
    commentary: 'Two of five teams trained & the rest booked for January.',
    submittedAt: recent(30),
  });
  await update({
    actionId: overdue.id,
    contactId: sam.id,
    status: 'AT_RISK',
    percentComplete: 20,
    commentary: 'Campaign materials drafted; launch slipped.',
    blockers: 'Waiting for sign-off from communications.',
    submittedAt: recent(20),
  });
  await update({
    actionId: stale.id,
    contactId: robin.id,
    status: 'OFF_TRACK',
    percentComplete: 10,
    commentary: 'No provider bid for the second lot.',
    submittedAt: new Date(period.start.getTime() - 10 * DAY),
  });
  await update({
    actionId: complete.id,
    contactId: robin.id,
    status: 'COMPLETE',
    percentComplete: 100,
    commentary: 'Needs assessment published.',
    submittedAt: recent(10),
  });

  await prisma.evidence.createMany({
    data: [
      {
        partnershipId,
        actionId: onTrack.id,
        updateId: onTrackUpdate.id,
        kind: 'LINK',
        url: 'https://training.example.org/coercive-control-course',
        createdAt: recent(30),
      },
      {
        partnershipId,
        actionId: stale.id,
        kind: 'FILE',
        fileName: 'tender-report.pdf',
        contentType: 'application/pdf',
        sizeBytes: 204_800,
        sha256: 'a'.repeat(64),
        storageKey: `evidence/${randomUUID()}`,
        quarantinedAt: recent(5),
        createdAt: new Date(period.start.getTime() - 10 * DAY),
      },
    ],
  });

  // Financial years relative to now: the last one ended is `lastYear`, so its figures are current.
  const lastYear = Number(period.key.slice(0, 4)) - 1;
  const fyKey = (startYear: number) => `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
  const fy = (startYear: number) => ({
    periodKey: fyKey(startYear),
    periodStart: day(`${startYear}-04-01`),
    periodEnd: day(`${startYear + 1}-03-31`),
  });
  const marac = await prisma.kpi.create({
    data: {
      partnershipId,
      strategyId: strategy.id,
      code: 'TS-MARAC-REPEAT',
      name: 'High-risk MARAC victims: percentage of repeat cases',
      unit: 'PERCENTAGE',
      direction: 'LOWER_IS_BETTER',
      frequency: 'FINANCIAL_YEAR',
      baselineValue: 38,
      baselinePeriod: fyKey(lastYear - 4),
      ragRule: 'TOLERANCE',
      ragTolerance: 0.05,
      dataOwnerContactId: sam.id,
      source: 'MARAC coordinator',
      createdAt: new Date(now.getTime() - 200 * DAY),
      targets: { create: [{ periodKey: fyKey(lastYear), value: 30 }] },
    },
  });
  await prisma.kpiValue.createMany({
    data: [
      { ...fy(lastYear - 2), value: 36, status: 'CONFIRMED' as const, revision: 1 },
      { ...fy(lastYear - 1), value: 33, status: 'CONFIRMED' as const, revision: 1 },
      { ...fy(lastYear), value: 35, status: 'PROVISIONAL' as const, revision: 1 },
      {
        ...fy(lastYear),
        value: 31,
        status: 'CONFIRMED' as const,
        revision: 2,
        note: 'Corrected after audit.',
      },
    ].map((v) => ({
      kpiId: marac.id,
      ...v,
      source: 'SafeLives MARAC data return',
      enteredBy: 'MARAC coordinator',
      createdAt: new Date(now.getTime() - 30 * DAY),
    })),
  });
  const spend = await prisma.kpi.create({
    data: {
      partnershipId,
      strategyId: strategy.id,
      code: 'TS-SPEND',
      name: 'Spend on safe accommodation support',
      unit: 'MONEY',
      direction: 'NEUTRAL',
      frequency: 'FINANCIAL_YEAR',
      createdAt: new Date(now.getTime() - 200 * DAY),
    },
  });
  await prisma.kpiValue.createMany({
    data: [
      { ...fy(lastYear - 1), value: 120000.5, note: null },
      { ...fy(lastYear), value: null, note: 'Awaiting the finance team.' },
    ].map((v) => ({ kpiId: spend.id, ...v, createdAt: new Date(now.getTime() - 30 * DAY) })),
  });
  // Rated by fixed bands, with no target at all.
  const homeless = await prisma.kpi.create({
    data: {
      partnershipId,
      strategyId: strategy.id,
      code: 'TS-HOMELESS',
      name: 'Households homeless or at risk because of domestic abuse',
      unit: 'COUNT',
      direction: 'LOWER_IS_BETTER',
      frequency: 'FINANCIAL_YEAR',
      ragRule: 'THRESHOLDS',
      greenMax: 100,
      amberMax: 150,
      createdAt: new Date(now.getTime() - 200 * DAY),
    },
  });
  await prisma.kpiValue.create({
    data: { kpiId: homeless.id, ...fy(lastYear), value: 120, createdAt: new Date(now.getTime() - 30 * DAY) },
  });

  const board = await prisma.board.create({
    data: { partnershipId, name: 'Testshire Domestic Abuse Local Partnership Board' },
  });
  await prisma.boardMember.createMany({
    data: [
      { boardId: board.id, contactId: chair.id, role: 'Chair', isChair: true, category: 'LOCAL_AUTHORITY' },
      { boardId: board.id, contactId: sam.id, category: 'POLICING_CRIMINAL_JUSTICE' },
      { boardId: board.id, contactId: robin.id, category: 'HOUSING' },
      { boardId: board.id, contactId: former.id, category: 'OTHER' },
    ],
  });
  const meetings = [-60, 30, 120].map((days) => isoDay(new Date(now.getTime() + days * DAY)));
  await prisma.boardMeeting.createMany({
    data: meetings.map((meetsOn) => ({ boardId: board.id, meetsOn: day(meetsOn) })),
  });

  return {
    ...base,
    strategy,
    period,
    board,
    kpiYears: { last: fyKey(lastYear), before: fyKey(lastYear - 1) },
    meetings: { past: meetings[0], next: meetings[1], later: meetings[2] },
    members: { chair, sam, robin, former },
    actions: { onTrack, overdue, cancelled, stale, unowned, complete },
  };
}
