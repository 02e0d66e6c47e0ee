// The workbooks the render test prints, built from plain data (no database): a board report for a realistic
// quarter (long priority and organisation names, seven partner organisations, a 20-character KPI code, long
// notes, due dates written as words), the report for a period with nothing in it, the plan export and a
// lead's workbook, a provider's workbook for the annual return, the annual return (a draft and the same
// approved), and a strategy review's look-back pack. Fictional throughout.
import { reportingPeriodAt } from '@waymark/calendar';
import type { ExportPlan } from '@waymark/plan-import';
import { reviewClock } from '@waymark/strategies';
import type {
  BoardReportData,
  ReportAction,
  ReportEvidence,
  ReportKpi,
  ReportUpdate,
  PackAction,
  ReviewPackData,
} from '@waymark/reports';
import type { ReturnWorkbookInput } from '@waymark/reports';
import { cellLabel, cellReference } from '@waymark/annual-return';
import {
  ACCOMMODATION_TYPES,
  type CellAnswer,
  type ReturnAnswers,
  type ReturnQuestion,
  allQuestions,
  cellKey,
  checkRequired,
  defaultReturnTemplate,
  evaluateRules,
  providerCells,
  questionCells,
} from '@waymark/return-template';
import type { LeadWorkbookInput, ProviderWorkbookInput } from '@waymark/workbooks';

const AS_OF = new Date('2026-11-23T10:00:00Z');
const DAY = 86_400_000;

const PRIORITIES = [
  { id: 'p1', ref: 'P1', title: 'Prevention and early intervention across every partner organisation' },
  { id: 'p2', ref: 'P2', title: 'Safe accommodation and support within it' },
  { id: 'p3', ref: 'P3', title: 'Children and young people' },
  { id: 'p4', ref: 'P4', title: 'Holding perpetrators to account' },
];

const ORGANISATIONS = [
  'Testshire County Council Children’s Services',
  'Testshire Police',
  'Testshire and District Housing Association',
  'Testshire Integrated Care Board',
  'Refuge Provider (Fictional) Ltd',
  'Testshire Probation Delivery Unit',
  'Testshire Fire and Rescue Service',
];

const TITLES = [
  'Deliver domestic abuse awareness training to frontline staff in every partner organisation',
  'Commission specialist support in safe accommodation for victims with complex needs',
  'Review the referral pathway from the multi-agency risk assessment conference',
  'Publish a directory of local services in plain English and community languages',
  'Extend the Sanctuary Scheme to private rented tenancies',
  'Set up a perpetrator behaviour change programme with an evaluation',
  'Train school designated safeguarding leads in Operation Encompass notifications',
  'Agree a data-sharing protocol between health, housing and the police',
];

const COMMENTARY = [
  'Training delivered to 120 staff across three sessions this quarter; two further sessions are booked for January. Feedback forms show most attendees felt more confident asking about abuse.',
  'Tender documents drafted and reviewed by procurement. Market engagement event held with four providers.',
  'Pathway mapped with partners; waiting for the police data lead to confirm the new referral form.',
  'Behind schedule: translation costs were higher than budgeted and the board is asked to agree the extra spend.',
  'Complete.',
];

const DUE_WORDS = ['March 2027', 'on an ongoing basis', 'by the end of Quarter 4 2026/27', 'Annually'];

export function realisticBoardReport(): BoardReportData {
  const period = reportingPeriodAt(AS_OF, 'QUARTERLY');
  const quarters = [period];
  while (quarters.length < 8)
    quarters.unshift(reportingPeriodAt(new Date(quarters[0].start.getTime() - 1), 'QUARTERLY'));
  const statuses = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETE', 'NOT_STARTED', 'BLOCKED'] as const;
  const actions: ReportAction[] = [];
  const updates: ReportUpdate[] = [];
  for (let i = 0; i < 32; i += 1) {
    const priority = PRIORITIES[i % PRIORITIES.length];
    const organisation = ORGANISATIONS[i % ORGANISATIONS.length];
    const ref = `${priority.ref}.${Math.floor(i / PRIORITIES.length) + 1}`;
    const title = TITLES[i % TITLES.length];
    const status = statuses[i % statuses.length];
    const owned = i % 9 !== 4;
    const answered = i % 3 !== 2;
    const lastUpdate = answered
      ? {
          id: `u-${i}`,
          submittedAt: new Date(period.start.getTime() + (10 + (i % 40)) * DAY),
          submittedBy: `Lead Officer ${i % 11} (${organisation})`,
          channel: (['FORM', 'EMAIL_REPLY', 'SPREADSHEET'] as const)[i % 3],
          commentary: COMMENTARY[i % COMMENTARY.length],
        }
      : null;
    actions.push({
      id: `a-${i}`,
      ref,
      title,
      priorityId: priority.id,
      leadOrganisations: owned ? [organisation] : [],
      leadText: owned ? null : 'Community Safety Partnership (to be confirmed)',
      leadOfficer: owned ? { name: `Lead Officer ${i % 11}`, organisation } : null,
      dueDate: i % 4 === 1 ? null : new Date(Date.UTC(2026, (i * 5) % 12, 28)),
      dueDateText: DUE_WORDS[i % DUE_WORDS.length],
      status,
      rag: null,
      percentComplete: status === 'COMPLETE' ? 100 : (i * 15) % 100,
      lastUpdate,
      evidenceCount: i % 3,
      request: owned
        ? {
            organisation,
            sentAt: period.start,
            answeredAt: lastUpdate?.submittedAt ?? null,
            respondBy: new Date(period.start.getTime() + 14 * DAY),
          }
        : null,
      chasedThisPeriod: owned ? 1 + (i % 3) : 0,
      chasedTotal: owned ? 6 + i : 0,
    });
    if (lastUpdate)
      updates.push({
        ...lastUpdate,
        actionRef: ref,
        actionTitle: title,
        status,
        percentComplete: status === 'COMPLETE' ? 100 : (i * 15) % 100,
        blockers: i % 5 === 3 ? 'Waiting for the budget decision at the next board meeting' : null,
        proposedDueDate: i % 7 === 0 ? new Date(Date.UTC(2027, 5, 30)) : null,
        approvalState: i % 7 === 0 ? 'PENDING' : 'NOT_REQUIRED',
        evidenceCount: i % 2,
      });
  }

  const units = ['COUNT', 'PERCENTAGE', 'RATE_PER_1000', 'MONEY', 'DAYS'] as const;
  const kpis: ReportKpi[] = Array.from({ length: 12 }, (_, i) => {
    const base = 40 + i * 17.37;
    return {
      id: `k-${i}`,
      code: i === 0 ? 'DA-REFUGE-OCCUPANCY1' : `DA-KPI-${String(i + 1).padStart(2, '0')}`,
      name: [
        'Percentage of refuge bed spaces occupied at the end of the quarter',
        'Referrals to the multi-agency risk assessment conference',
        'Repeat referrals within twelve months',
      ][i % 3],
      unit: units[i % units.length],
      direction: (['HIGHER_IS_BETTER', 'LOWER_IS_BETTER', 'NEUTRAL'] as const)[i % 3],
      frequency: 'QUARTERLY',
      baselineValue: Math.round(base * 1000) / 1000,
      baselinePeriod: quarters[0].key,
      rag: { kind: 'TOLERANCE', tolerance: 0.05 },
      source: 'Provider quarterly return',
      dataOwner: ORGANISATIONS[i % ORGANISATIONS.length],
      values: quarters.map((q, n) => ({
        periodKey: q.key,
        periodStart: q.start,
        periodEnd: q.end,
        value:
          n === 3 && i % 4 === 0 ? null : Math.round(base * (0.85 + ((n * 7 + i) % 10) / 30) * 10000) / 10000,
        status: 'CONFIRMED',
        revision: n === 6 && i % 5 === 0 ? 2 : 1,
        note:
          n === quarters.length - 2 && i % 3 === 0
            ? 'The provider changed its case management system in the quarter; figures before and after are not strictly comparable and are under review with the data owner.'
            : n === 3 && i % 4 === 0
              ? 'Not supplied: the provider’s return was late'
              : null,
        exceptional: false,
        seriesBreak: false,
        source: 'Provider quarterly return',
        enteredBy: 'Data Officer (fictional)',
        enteredAt: q.end,
      })),
      targets: quarters.map((q) => ({ periodKey: q.key, value: Math.round(base) })),
    };
  });

  const evidence: ReportEvidence[] = actions.slice(0, 10).map((a, i) => ({
    id: `e-${i}`,
    actionRef: a.ref,
    kind: i % 2 === 0 ? 'LINK' : 'FILE',
    name: i % 2 === 0 ? 'Training attendance register and feedback summary' : `Board paper ${i}.pdf`,
    url: i % 2 === 0 ? `https://evidence.example.org/testshire/training/${i}` : null,
    contentType: i % 2 === 0 ? null : 'application/pdf',
    sizeBytes: i % 2 === 0 ? null : 150_000 + i,
    classification: 'OFFICIAL',
    quarantined: i === 3,
    addedAt: new Date(period.start.getTime() + 20 * DAY),
  }));

  return {
    partnershipName: 'Testshire',
    strategy: { id: 'render', title: 'Testshire Domestic Abuse Strategy 2024 to 2027' },
    // First published 5 January 2022, never reviewed: the board report says the review is overdue.
    reviewClock: reviewClock('2022-01-05', [], '2026-11-30'),
    period: { key: period.key, label: period.label, start: period.start, end: period.end },
    asOf: AS_OF,
    meeting: {
      boardName: 'Testshire Domestic Abuse Local Partnership Board',
      meetsOn: new Date('2026-12-02'),
    },
    priorities: PRIORITIES,
    actions,
    updates,
    evidence,
    kpis,
  };
}

/** A new strategy's first period: no actions, updates, evidence or KPIs yet. */
export function emptyBoardReport(): BoardReportData {
  const period = reportingPeriodAt(AS_OF, 'QUARTERLY');
  return {
    ...realisticBoardReport(),
    period: { key: period.key, label: period.label, start: period.start, end: period.end },
    meeting: null,
    actions: [],
    updates: [],
    evidence: [],
    kpis: [],
  };
}

export function planExport(): ExportPlan {
  return {
    title: 'Testshire Domestic Abuse Strategy 2024 to 2027',
    rows: Array.from({ length: 40 }, (_, i) => {
      const priority = PRIORITIES[Math.floor(i / 10)];
      return {
        ref: `${priority.ref}.${(i % 10) + 1}`,
        priority: `${priority.ref} ${priority.title}`,
        title: TITLES[i % TITLES.length].split(' ').slice(0, 5).join(' '),
        text: `${TITLES[i % TITLES.length]}, working with the partners named and reporting progress to the board each quarter.`,
        lead: ORGANISATIONS[i % ORGANISATIONS.length],
        leadOfficer: i % 2 === 0 ? `Officer ${i + 1} <officer.${i + 1}@partner.example.org>` : '',
        supporting: ORGANISATIONS[(i + 3) % ORGANISATIONS.length],
        startDate: 'April 2024',
        dueDate: DUE_WORDS[i % DUE_WORDS.length],
        measure: 'Number of staff trained; feedback from survivors’ forum',
      };
    }),
  };
}

export function leadWorkbook(): LeadWorkbookInput {
  return {
    partnershipName: 'Testshire',
    leadName: 'Lead Officer 3',
    periodLabel: 'Quarter 3 2026/27 (October to December 2026)',
    deadline: '2026-12-14T17:00:00Z',
    coordinatorEmail: 'coordinator@testshire.example.org',
    rows: TITLES.map((title, i) => ({
      key: `key${String(i).padStart(13, '0')}`,
      ref: `P${(i % 4) + 1}.${i + 1}`,
      title,
      status: (['ON_TRACK', 'AT_RISK', 'NOT_STARTED'] as const)[i % 3],
      percentComplete: i % 3 === 2 ? null : i * 10,
    })),
  };
}

const PROVIDERS = [
  'Testshire Women’s Aid (Fictional)',
  'Safe Homes Housing Association (Fictional)',
  'Refuge Provider (Fictional) Ltd',
];

/** A fictional answer for one cell: mostly figures, now and then "not collected" or left blank. */
function returnAnswer(question: ReturnQuestion, n: number): CellAnswer | undefined {
  if (n % 11 === 7) return undefined;
  if (n % 13 === 5 && question.obligation === 'voluntary') return { notCollected: true };
  if (n % 17 === 3 && question.type === 'count') return { notCollected: true };
  switch (question.type) {
    case 'count':
      return (n * 37) % 90;
    case 'money':
      return Math.round(((n * 7919) % 400_000) * 100 + 55) / 100;
    case 'yes-no':
      return n % 3 !== 0;
    case 'date':
      return `2024-0${(n % 9) + 1}-15`;
    case 'url':
      return 'https://www.testshire.example.gov.uk/community-safety/domestic-abuse-strategy-2024-to-2027';
    case 'choice':
      return 'both';
    case 'text':
      return 'Contract monitoring meetings each quarter with every commissioned provider, and a survivors’ forum twice a year whose feedback is reported to the board. One provider changed its case management system in the year.';
  }
}

/**
 * The annual return for a realistic draft on the shipped 2025-26 template: figures, "not collected" and
 * blanks; provider figures with a breakdown of three providers; failing and passing rules; an explanation.
 */
export function returnWorkbookDraft(): ReturnWorkbookInput {
  const template = defaultReturnTemplate();
  const answers: ReturnAnswers = {};
  const provenance: ReturnWorkbookInput['provenance'] = {};
  let n = 0;
  for (const { question } of allQuestions(template)) {
    for (const codes of questionCells(template, question)) {
      n += 1;
      const answer = returnAnswer(question, n);
      if (answer === undefined) continue;
      const key = cellKey(codes);
      (answers[question.key] ??= {})[key] = answer;
      const byProviders = question.source === 'providers' && typeof answer === 'number';
      (provenance[question.key] ??= {})[key] = {
        source: question.source,
        by: byProviders ? 'Waymark (sum of providers)' : 'Community Safety Coordinator (fictional)',
        at: new Date(Date.UTC(2026, 4, 10 + (n % 20), 9, 30)).toISOString(),
        ...(byProviders
          ? {
              providers: PROVIDERS.map((name, i) => ({
                name,
                value: i === 2 ? answer - 2 * Math.floor(answer / 3) : Math.floor(answer / 3),
              })),
            }
          : {}),
      };
    }
  }
  const lastYear: ReturnAnswers = {
    Q04_INDIVIDUALS_TOTAL: { '': 20 },
    Q09_SPEND: { '': 1000 },
  };
  return {
    partnership: { name: 'Testshire County Council', gssCode: 'E10000099' },
    financialYear: template.financialYear,
    template,
    templateVersion: { version: 3, sha256: 'c0ffee'.repeat(10) + 'abcd' },
    answers,
    provenance,
    results: [...evaluateRules(template, answers, lastYear), ...checkRequired(template, answers)],
    explanations: {
      'individuals-year-on-year':
        'A second refuge opened in April and the dispersed accommodation scheme doubled its units, so more individuals were supported than last year.',
    },
    notes: {
      Q04_INDIVIDUALS_BY_GROUP:
        'Trans adults are not recorded separately by one provider; they are counted under women or men.',
      Q06_MOVE_ON_DESTINATION: 'Destinations are as reported by the household when support ended.',
    },
    state: 'draft',
    generatedAt: '2026-06-01T08:15:00Z',
  };
}

/**
 * A provider's workbook on the shipped 2025-26 template, for a provider of refuge and dispersed
 * accommodation (every cell of theirs asked), last year's figures filled in where they gave some.
 */
export function providerWorkbook(): ProviderWorkbookInput {
  const template = defaultReturnTemplate();
  const types = template.codeLists[ACCOMMODATION_TYPES].codes.slice(0, 2).map((c) => c.code);
  const asked = providerCells(template, types);
  const answers: ReturnAnswers = {};
  let n = 0;
  const questions = template.sections.flatMap((section) =>
    section.questions
      .filter((question) => asked[question.key])
      .map((question) => ({
        key: question.key,
        section: `${section.number}. ${section.title}`,
        label: question.label,
        guidance: question.guidance,
        type: question.type,
        cells: asked[question.key].map((cell) => {
          n += 1;
          const answer = returnAnswer(question, n);
          if (answer !== undefined) (answers[question.key] ??= {})[cell] = answer;
          return {
            key: cell,
            reference: cellReference(question.key, cell),
            label: cellLabel(template, question, cell),
          };
        }),
      })),
  );
  return {
    partnershipName: 'Testshire County Council',
    financialYear: template.financialYear,
    contactName: 'Alex Provider (fictional)',
    services: ['Oak House refuge (fictional)', 'Testshire dispersed accommodation (fictional)'],
    deadline: '2026-05-29T16:00:00.000Z',
    coordinatorEmail: 'community.safety@testshire.example.gov.uk',
    questions,
    answers,
    key: 'k3y-0f-th3-r3qu3st',
  };
}

/** The same return approved: its signatory and the snapshot's hash on the cover. */
export function returnWorkbookApproved(): ReturnWorkbookInput {
  return {
    ...returnWorkbookDraft(),
    state: 'approved',
    signatory: {
      name: 'Director of Communities (fictional)',
      role: 'Director of Communities and Wellbeing',
      approvedAt: '2026-06-30T14:05:00Z',
    },
    snapshotHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    generatedAt: '2026-07-01T08:00:00Z',
  };
}

/**
 * A strategy review's look-back pack over eight quarters: 32 actions across the four priorities, each with an
 * update or a request never answered in every quarter, evidence, dates moved; one of each case the pack must
 * show by name (P1.1 complete and closed, P1.2 answered late and extended, P2.1 never answered and overdue,
 * P2.2 never started nor asked); the board report's KPIs, one with a break in its series; three annual
 * returns (approved, draft, none).
 */
export function reviewPack(): ReviewPackData {
  const board = realisticBoardReport();
  const quarters = [reportingPeriodAt(AS_OF, 'QUARTERLY')];
  while (quarters.length < 8)
    quarters.unshift(reportingPeriodAt(new Date(quarters[0].start.getTime() - DAY), 'QUARTERLY'));
  const statuses = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'ON_TRACK', 'COMPLETE'] as const;
  const actions: PackAction[] = Array.from({ length: 32 }, (_, i) => {
    const priority = PRIORITIES[i % PRIORITIES.length];
    const ref = `${priority.ref}.${Math.floor(i / PRIORITIES.length) + 1}`;
    const organisation = ORGANISATIONS[i % ORGANISATIONS.length];
    const neverAnswered = ref === 'P2.1';
    const neverAsked = ref === 'P2.2';
    const requests: PackAction['requests'] = neverAsked
      ? []
      : quarters.map((q, n) => {
          const sentAt = new Date(q.end.getTime() - 20 * DAY);
          const respondBy = new Date(q.end.getTime() - 5 * DAY);
          const silent = neverAnswered || (n + i) % 7 === 3;
          const late = ref === 'P1.2' && n === 2;
          return {
            periodKey: q.key,
            organisation,
            sentAt,
            respondBy,
            answeredAt: silent ? null : new Date(respondBy.getTime() + (late ? 3 : -2) * DAY),
            state: silent ? (n === quarters.length - 1 ? 'OPEN' : 'EXPIRED') : 'ANSWERED',
            remindersSent: silent ? 2 : 0,
          };
        });
    const updates: PackAction['updates'] = requests.flatMap((r, n) =>
      r.answeredAt
        ? [
            {
              id: `u-${i}-${n}`,
              periodKey: r.periodKey,
              submittedAt: r.answeredAt,
              submittedBy: `Lead Officer ${(i % 5) + 1} (${organisation})`,
              channel: n % 3 === 0 ? 'EMAIL_REPLY' : 'FORM',
              status: ref === 'P1.1' && n >= 5 ? 'COMPLETE' : statuses[(i + n) % 4],
              percentComplete: Math.min(100, 10 + n * 12),
              commentary: COMMENTARY[(i + n) % COMMENTARY.length],
              blockers:
                n % 4 === 1 ? 'Waiting for the data-sharing agreement to be signed by every partner.' : null,
              proposedDueDate: ref === 'P1.2' && n === 2 ? new Date('2027-03-31') : null,
              approvalState: ref === 'P1.2' && n === 2 ? 'APPROVED' : 'NOT_REQUIRED',
            },
          ]
        : [],
    );
    const latest = updates.at(-1);
    return {
      id: `a-${i}`,
      ref,
      title: TITLES[i % TITLES.length],
      priority: `${priority.ref} ${priority.title}`,
      leadOrganisation: neverAsked ? 'Community Safety Partnership?' : organisation,
      leadOfficer: neverAsked ? null : `Lead Officer ${(i % 5) + 1}`,
      dueDate: ref === 'P2.1' ? new Date('2025-03-31') : i % 4 === 3 ? null : new Date('2027-03-31'),
      dueDateText: i % 4 === 3 ? DUE_WORDS[i % DUE_WORDS.length] : 'March 2027',
      status: ref === 'P1.1' ? 'COMPLETE' : (latest?.status ?? 'NOT_STARTED'),
      percentComplete: latest?.percentComplete ?? null,
      closedAt: ref === 'P1.1' ? new Date(AS_OF.getTime() - 30 * DAY) : null,
      closingNote: ref === 'P1.1' ? 'Delivered: every partner has trained its frontline staff.' : null,
      updates,
      requests,
      evidence: updates
        .filter((_, n) => n % 3 === 0)
        .map((u, n) => ({
          updateId: u.id,
          kind: n % 2 === 0 ? 'LINK' : 'FILE',
          name:
            n % 2 === 0 ? 'Training attendance register and feedback summary' : `Board paper ${i}-${n}.pdf`,
          url: n % 2 === 0 ? `https://evidence.example.org/testshire/${ref}/${n}` : null,
          addedAt: u.submittedAt,
          withheld: n === 2,
        })),
      extensions:
        ref === 'P1.2' || i % 9 === 4
          ? [
              {
                at: new Date(quarters[3].start.getTime() + 10 * DAY),
                from: new Date('2026-03-31'),
                to: new Date('2027-03-31'),
                how: ref === 'P1.2' ? 'Proposed by the lead and approved' : 'Changed by the coordinator',
                reason: 'The commissioning timetable moved with the council’s budget cycle.',
              },
            ]
          : [],
    };
  });
  const kpis = board.kpis.map((kpi, i) =>
    i === 1 ? { ...kpi, values: kpi.values.map((v, n) => ({ ...v, seriesBreak: n === 4 })) } : kpi,
  );
  return {
    partnershipName: 'Testshire',
    strategy: {
      id: 'render',
      title: 'Testshire Domestic Abuse Strategy 2024 to 2027',
      periodStart: new Date('2024-01-05'),
      periodEnd: new Date('2027-01-04'),
      firstPublishedOn: new Date('2021-12-15'),
    },
    window: { start: new Date('2024-01-05'), end: AS_OF },
    asOf: AS_OF,
    actions,
    kpis,
    returns: [
      {
        financialYear: '2024-25',
        status: { state: 'approved', version: 2, approvedAt: new Date('2025-07-14T10:00:00Z') },
        figures: [
          { label: 'Total number of bed spaces in relevant safe accommodation', value: '76' },
          { label: 'Total number of individuals supported in relevant safe accommodation', value: '412' },
          { label: 'Part 4 grant allocation spent', value: '£1,250,000.50' },
        ],
      },
      {
        financialYear: '2025-26',
        status: { state: 'draft' },
        figures: [
          { label: 'Total number of bed spaces in relevant safe accommodation', value: '80' },
          {
            label: 'Total number of individuals supported in relevant safe accommodation',
            value: 'Not provided',
          },
        ],
      },
      { financialYear: '2026-27', status: { state: 'none' }, figures: [] },
    ],
  };
}
