// The look-back narrative for the board at the start of a strategy review: what the plan delivered, what was
// never done, which way the KPIs went and how partners answered their update requests, in plain English, as a
// Word document in the annual report's conventions. A pure function of the pack's data: regenerable at any
// time. Its figures are counts of actions and requests, never of people, so nothing is suppressed.
import { HeadingLevel, PageBreak, Paragraph, type Table, TextRun } from 'docx';
import { londonIsoDate } from '@waymark/calendar';
import { bullet, dateWords, heading, officialDocument, paragraph, table } from './annual-report.document';
import { kpiValueText } from './kpi-sheet';
import { type ReviewPackData, type ReviewPackReading, readReviewPack } from './review-pack.data';

const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const day = (instant: Date) => dateWords(londonIsoDate(instant));
const rateWords = (rate: number | null) => (rate === null ? 'none due yet' : `${Math.round(rate * 100)}%`);

function titlePage(data: ReviewPackData): Paragraph[] {
  return [
    new Paragraph({ text: data.partnershipName, heading: HeadingLevel.TITLE, spacing: { after: 240 } }),
    new Paragraph({
      children: [new TextRun({ text: 'Strategy review: looking back at delivery', size: 32 })],
      spacing: { after: 240 },
    }),
    paragraph(data.strategy.title, { bold: true }),
    paragraph(`Strategy period: ${day(data.strategy.periodStart)} to ${day(data.strategy.periodEnd)}`),
    ...(data.strategy.firstPublishedOn
      ? [paragraph(`First published: ${day(data.strategy.firstPublishedOn)}`)]
      : []),
    paragraph(
      `Looking back over: ${day(data.window.start)} to ${day(new Date(data.window.end.getTime() - 1))}`,
    ),
    paragraph(`Produced by Waymark on ${day(data.asOf)}, from the records it holds.`),
    heading('About this paper', HeadingLevel.HEADING_2),
    bullet(
      'A strategy must be reviewed within three years of its first publication, and within each three years after that (SI 2021/990 regulation 4(1)). This paper opens the review with what the action plan delivered.',
    ),
    bullet(
      'The review must also consider the strategy’s effect on other local authority support (regulation 4(2)): this paper gives the delivery record for that, not the assessment itself.',
    ),
    bullet(
      'Every action’s whole history (each update, the evidence named, due dates moved), the KPI values and the annual returns’ headline figures are in the review pack workbook that goes with this paper.',
    ),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function delivery(reading: ReviewPackReading): (Paragraph | Table)[] {
  const { counts } = reading;
  const counted = counts.actions - counts.cancelled;
  const priorities = [...new Set(reading.actions.map((a) => a.action.priority))];
  return [
    heading('Delivery', HeadingLevel.HEADING_1),
    paragraph(
      counts.actions === 0
        ? 'The plan has no actions in Waymark.'
        : `The plan has ${plural(counts.actions, 'action')}. ${counts.complete.toLocaleString('en-GB')} ${counts.complete === 1 ? 'is' : 'are'} complete (${percent(counts.complete, counted)} of those not cancelled), ${counts.cancelled.toLocaleString('en-GB')} cancelled and ${counts.live.toLocaleString('en-GB')} still open, of which ${counts.overdue.toLocaleString('en-GB')} ${counts.overdue === 1 ? 'is' : 'are'} past ${counts.overdue === 1 ? 'its' : 'their'} due date.`,
    ),
    paragraph(
      `Leads sent ${plural(counts.updates, 'update')} and named ${plural(counts.evidence, 'piece')} of evidence. Due dates were moved for ${plural(counts.extended, 'action')}.`,
    ),
    ...(priorities.length
      ? [
          table(
            ['Priority', 'Actions', 'Complete', 'Cancelled', 'Open', 'Overdue'],
            priorities.map((priority) => {
              const rows = reading.actions.filter((a) => a.action.priority === priority);
              const n = (test: (a: (typeof rows)[number]) => boolean) => String(rows.filter(test).length);
              return [
                priority,
                String(rows.length),
                n((a) => a.action.status === 'COMPLETE'),
                n((a) => a.action.status === 'CANCELLED'),
                n((a) => a.action.status !== 'COMPLETE' && a.action.status !== 'CANCELLED'),
                n((a) => a.overdue),
              ];
            }),
            { first: 0.34 },
          ),
          paragraph(''),
        ]
      : []),
  ];
}

function notDone(reading: ReviewPackReading): (Paragraph | Table)[] {
  const { neverDone } = reading;
  const with_ = (reason: string) => neverDone.filter((n) => n.reasons.some((r) => r === reason)).length;
  return [
    heading('What was not done', HeadingLevel.HEADING_1),
    ...(neverDone.length === 0
      ? [paragraph('Every action was started, answered its update requests and is not overdue.')]
      : [
          paragraph(
            `${plural(with_('Never started'), 'action was', 'actions were')} never started; ${plural(with_('Never answered'), 'action’s lead', 'actions’ leads')} never answered an update request; ${plural(with_('Overdue at the end'), 'action is', 'actions are')} overdue. They are the actions to close, carry forward or drop in the new plan.`,
          ),
          table(
            ['Action', 'Lead organisation', 'Why'],
            neverDone.map(({ action, reasons }) => [
              `${action.ref} ${action.title}`,
              action.leadOrganisation,
              reasons.join('; '),
            ]),
            { first: 0.5, figures: false },
          ),
          paragraph(''),
        ]),
  ];
}

function kpis(reading: ReviewPackReading): Paragraph[] {
  const lines = reading.kpis.map(({ kpi, first, latest, target, travel, breaks }) => {
    const words = (value: number) => kpiValueText(kpi.unit, value) ?? String(value);
    const since =
      first && latest && first.periodKey !== latest.periodKey
        ? ` in ${latest.periodKey}, from ${words(first.value)} in ${first.periodKey}: ${travel.toLowerCase()}`
        : latest
          ? ` in ${latest.periodKey}`
          : '';
    const now = latest ? `${words(latest.value)}${since}` : 'no value recorded over the period';
    const aim = target === null ? '' : ` (target ${words(target)})`;
    const broken = breaks.length
      ? ` The series was redefined from ${breaks.join(', ')}: earlier values are not compared.`
      : '';
    return bullet(`${kpi.code} ${kpi.name}: ${now}${aim}.${broken}`);
  });
  const count = (t: string) => reading.kpis.filter((k) => k.travel === t).length;
  return [
    heading('KPIs over the period', HeadingLevel.HEADING_1),
    paragraph(
      reading.kpis.length === 0
        ? 'No KPIs are recorded for this strategy.'
        : `Of ${plural(reading.kpis.length, 'KPI')}, ${count('Improving')} improved, ${count('Worsening')} worsened and ${count('No change')} did not change over the period; the others have no direction (neutral, or too few comparable values).`,
    ),
    ...lines,
  ];
}

function returns(data: ReviewPackData): Paragraph[] {
  return [
    heading('Annual returns', HeadingLevel.HEADING_1),
    ...data.returns.map((r) =>
      bullet(
        `${r.financialYear}: ${
          r.status.state === 'approved'
            ? `approved (version ${r.status.version}, ${day(r.status.approvedAt)})`
            : r.status.state === 'draft'
              ? 'a draft, not approved'
              : 'no return in Waymark'
        }.`,
      ),
    ),
  ];
}

function responses(reading: ReviewPackReading): (Paragraph | Table)[] {
  const rows = reading.responses;
  const sent = rows.reduce((n, r) => n + r.sent - r.notYetDue, 0);
  const answered = rows.reduce((n, r) => n + r.onTime + r.late, 0);
  const onTime = rows.reduce((n, r) => n + r.onTime, 0);
  return [
    heading('How partners answered update requests', HeadingLevel.HEADING_1),
    ...(rows.length === 0
      ? [paragraph('No update requests were sent.')]
      : [
          paragraph(
            `Of ${plural(sent, 'request')} due, ${answered.toLocaleString('en-GB')} ${answered === 1 ? 'was' : 'were'} answered (${percent(answered, sent)}), ${onTime.toLocaleString('en-GB')} on time (${percent(onTime, sent)}).`,
          ),
          table(
            ['Organisation', 'Requests', 'On time', 'Late', 'Never', 'Answered'],
            rows.map((r) => [
              r.organisation,
              String(r.sent),
              String(r.onTime),
              String(r.late),
              String(r.never),
              rateWords(r.rate),
            ]),
            { first: 0.34 },
          ),
        ]),
  ];
}

/** The narrative for the board as .docx bytes. */
export async function buildReviewNarrative(
  data: ReviewPackData,
  reading: ReviewPackReading = readReviewPack(data),
): Promise<Buffer> {
  return officialDocument({
    title: `${data.partnershipName}: strategy review look-back, ${data.strategy.title}`,
    description: 'Part 4 of the Domestic Abuse Act 2021: strategy review (SI 2021/990 reg 4)',
    footer: `${data.partnershipName} strategy review look-back`,
    children: [
      ...titlePage(data),
      ...delivery(reading),
      ...notDone(reading),
      ...kpis(reading),
      ...returns(data),
      ...responses(reading),
    ],
  });
}
