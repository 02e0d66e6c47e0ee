import { Injectable } from '@nestjs/common';
import { ActionStatus, PrismaService } from '@waymark/db';
import { numberOrNull, periodRecords } from '@waymark/kpis';
import {
  CellAnswer,
  ReturnTemplate,
  allQuestions,
  answerProblem,
  cellKey,
  questionCells,
} from '@waymark/return-template';
import { reviewClock, reviewWindow } from '@waymark/strategies';

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The financial year's first and last days, e.g. 2025-26: 2025-04-01 and 2026-03-31. */
export function financialYearDays(financialYear: string): { first: string; last: string } {
  const start = Number(financialYear.slice(0, 4));
  return { first: `${start}-04-01`, last: `${start + 1}-03-31` };
}

const STATUS_WORDS: Record<ActionStatus, string> = {
  NOT_STARTED: 'not started',
  ON_TRACK: 'on track',
  AT_RISK: 'at risk',
  OFF_TRACK: 'off track',
  BLOCKED: 'blocked',
  COMPLETE: 'complete',
  CANCELLED: 'cancelled',
};

/** One cell Waymark's records answer: from its records (`waymark`) or a KPI's value for the year (`kpi`). */
export interface RecordedCell {
  questionKey: string;
  cellKey: string;
  value: CellAnswer;
  source: 'waymark' | 'kpi';
  /** Where a KPI's figure came from: its code, period and revision. */
  note?: string;
}

/**
 * What Waymark's own records say, as at the end of the financial year, for the questions of a template that
 * name a fact (`source: 'waymark'`) or a KPI (`source: 'kpi'`): the strategy's publication and review clock, the board and its members
 * by s.58(2) category, meetings held, and the actions' progress. A fact the records cannot answer is left
 * blank, never guessed.
 */
@Injectable()
export class WaymarkRecords {
  constructor(private readonly prisma: PrismaService) {}

  async cells(partnershipId: string, template: ReturnTemplate): Promise<RecordedCell[]> {
    const { first, last } = financialYearDays(template.financialYear);
    const yearEnd = new Date(`${last}T00:00:00Z`);
    const strategy = await this.prisma.strategy.findFirst({
      where: { partnershipId, archivedAt: null, periodStart: { lte: yearEnd } },
      orderBy: { periodStart: 'desc' },
      include: {
        publications: { where: { publishedOn: { lte: yearEnd } }, orderBy: { publishedOn: 'asc' } },
      },
    });
    const boards = await this.prisma.board.findMany({
      where: { partnershipId, archivedAt: null },
      include: {
        members: { where: { archivedAt: null } },
        meetings: { where: { meetsOn: { gte: new Date(`${first}T00:00:00Z`), lte: yearEnd } } },
      },
    });
    const published = strategy?.firstPublishedOn && strategy.firstPublishedOn <= yearEnd ? strategy : null;
    const latestPublication = published?.publications.at(-1);
    const clock = published
      ? reviewClock(
          day(published.firstPublishedOn!),
          published.publications.map((p) => day(p.publishedOn)),
          last,
        )
      : null;

    const cells: RecordedCell[] = [];
    const answer = (questionKey: string, value: CellAnswer | null | undefined, codes: string[] = []) => {
      if (value !== null && value !== undefined)
        cells.push({ questionKey, cellKey: cellKey(codes), value, source: 'waymark' });
    };
    for (const { question } of allQuestions(template)) {
      const key = question.key;
      switch (question.fact) {
        case 'strategy-published':
          answer(key, strategy ? published !== null : null);
          break;
        case 'strategy-published-on':
          answer(key, published ? day(latestPublication?.publishedOn ?? published.firstPublishedOn!) : null);
          break;
        case 'strategy-url':
          answer(key, latestPublication?.url);
          break;
        case 'strategy-review-due':
          // Reviewed within its window: the next review is due by the end of the following one.
          answer(
            key,
            clock
              ? clock.status === 'reviewed'
                ? reviewWindow(clock.firstPublishedOn, clock.window.number + 1).end
                : clock.window.end
              : null,
          );
          break;
        case 'board-appointed':
          answer(key, boards.length > 0);
          break;
        case 'board-members-by-category': {
          const members = boards.flatMap((b) => b.members);
          for (const codes of questionCells(template, question)) {
            const code = template.codeLists[question.dimensions[0]].codes.find((c) => c.code === codes[0]);
            if (code?.waymark) answer(key, members.filter((m) => m.category === code.waymark).length, codes);
          }
          break;
        }
        case 'board-meetings-in-year':
          answer(key, boards.flatMap((b) => b.meetings).length);
          break;
        case 'actions-progress':
          answer(key, strategy ? await this.actionsProgress(strategy.id) : null);
          break;
      }
    }
    return [...cells, ...(await this.kpiCells(partnershipId, template))];
  }

  /**
   * The questions a KPI answers (`source: 'kpi'`): the KPI's accepted value for the financial year (its
   * latest revision that is not a conflict), when it has one that fits the question. A KPI not found, with
   * no value for the year, or recorded as not available, leaves the cell blank.
   */
  private async kpiCells(partnershipId: string, template: ReturnTemplate): Promise<RecordedCell[]> {
    const asked = allQuestions(template).filter(({ question }) => question.source === 'kpi' && question.kpi);
    if (asked.length === 0) return [];
    const kpis = await this.prisma.kpi.findMany({
      where: { partnershipId, archivedAt: null, code: { in: asked.map(({ question }) => question.kpi!) } },
      include: { values: { where: { periodKey: template.financialYear } } },
    });
    return asked.flatMap(({ question }) => {
      const kpi = kpis.find((k) => k.code === question.kpi);
      const accepted = kpi && periodRecords(kpi.values).get(template.financialYear)?.accepted;
      const value = accepted ? numberOrNull(accepted.value) : null;
      if (value === null || answerProblem(template, question, value)) return [];
      return [
        {
          questionKey: question.key,
          cellKey: '',
          value,
          source: 'kpi' as const,
          note: `KPI ${kpi!.code}, ${template.financialYear} (revision ${accepted!.revision})`,
        },
      ];
    });
  }

  private async actionsProgress(strategyId: string): Promise<string | null> {
    const counts = await this.prisma.action.groupBy({
      by: ['status'],
      where: { strategyId, archivedAt: null },
      _count: { _all: true },
    });
    const total = counts.reduce((sum, c) => sum + c._count._all, 0);
    if (total === 0) return null;
    const parts = (Object.keys(STATUS_WORDS) as ActionStatus[])
      .map((status) => ({ status, n: counts.find((c) => c.status === status)?._count._all ?? 0 }))
      .filter(({ n }) => n > 0)
      .map(({ status, n }) => `${n} ${STATUS_WORDS[status]}`);
    return `${total} action${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
  }
}
