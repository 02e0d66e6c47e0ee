import { createHash } from 'node:crypto';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { z } from 'zod';
import type { Caller } from '@waymark/access';
import { AuditLog, callerActor } from '@waymark/audit';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import { Outbox, boardReportContext, boardReportEmail, renderEmail } from '@waymark/mail';
import { BOARD_REPORT_NOT_POSSIBLE, type PreparedBoardReport } from '@waymark/workflows';
import { londonIsoDate } from '@waymark/calendar';
import { type BoardReportAssessment } from './board-report.assess';
import { BoardReportService } from './board-report.service';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';

/** How many exceptions the covering email lists; the workbook has them all. */
export const EMAIL_EXCEPTIONS = 5;

/** Raised when no report can be built for a board; the workflow does not retry it. */
export class BoardReportNotPossible extends Error {
  override readonly name = BOARD_REPORT_NOT_POSSIBLE;
}

/** What the covering email quotes, kept with the stored report. */
export type BoardReportSummary = Pick<
  z.input<typeof boardReportContext>,
  'strategyTitle' | 'periodLabel' | 'counts' | 'topExceptions' | 'moreExceptions'
>;

export function summariseForEmail(
  assessment: BoardReportAssessment,
  strategyTitle: string,
  periodLabel: string,
): BoardReportSummary {
  const { averageProgress: _notInTheEmail, ...counts } = assessment.headline;
  const { exceptions } = assessment;
  return {
    strategyTitle,
    periodLabel,
    counts,
    topExceptions: exceptions.slice(0, EMAIL_EXCEPTIONS).map(({ action, assessment: a }) => ({
      ref: action.ref,
      title: action.title,
      reasons: a.reasons.join('; '),
    })),
    moreExceptions: Math.max(0, exceptions.length - EMAIL_EXCEPTIONS),
  };
}

/**
 * The report a board receives before each meeting. The workbook is built once per meeting and kept
 * (BoardReport): every member gets the same bytes, a retried send attaches exactly what the first attempt
 * did, and the partnership keeps a record of what its board was given. The email body is rendered at
 * send time from the summary kept with it.
 */
@Injectable()
export class BoardReportDelivery {
  private readonly logger = new Logger(BoardReportDelivery.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly reports: BoardReportService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  /** Builds and keeps the report for the board's next meeting on or after `asOf`, unless it exists. */
  async prepare(boardId: string, asOf: Date): Promise<PreparedBoardReport> {
    const board = await this.prisma.board.findUnique({
      where: { id: boardId },
      include: {
        meetings: {
          where: { meetsOn: { gte: new Date(`${londonIsoDate(asOf)}T00:00:00Z`) } },
          orderBy: { meetsOn: 'asc' },
          take: 1,
        },
        members: {
          where: { contact: { archivedAt: null } },
          orderBy: { createdAt: 'asc' },
          select: { id: true },
        },
      },
    });
    if (!board) throw new BoardReportNotPossible(`No board ${boardId}`);
    const [meeting] = board.meetings;
    if (!meeting) return { outcome: 'no-upcoming-meeting' };
    const ready = (reportId: string): PreparedBoardReport => ({
      outcome: 'ready',
      reportId,
      meetsOn: meeting.meetsOn.toISOString().slice(0, 10),
      memberIds: board.members.map((m) => m.id),
    });

    const key = { boardId_meetingId: { boardId, meetingId: meeting.id } };
    const existing = await this.prisma.boardReport.findUnique({ where: key, select: { id: true } });
    if (existing) return ready(existing.id);

    const strategy = await this.prisma.strategy.findFirst({
      where: { partnershipId: board.partnershipId, archivedAt: null, periodStart: { lte: asOf } },
      orderBy: { periodStart: 'desc' },
    });
    if (!strategy) {
      throw new BoardReportNotPossible(
        `The partnership of board ${board.name} has no current strategy to report on`,
      );
    }
    const built = await this.reports.build(strategy.id, {
      now: asOf,
      meeting: { boardName: board.name, meetsOn: meeting.meetsOn },
    });
    const summary = summariseForEmail(built.assessment, strategy.title, built.data.period.label);
    try {
      const report = await this.prisma.$transaction(async (tx) => {
        const created = await tx.boardReport.create({
          data: {
            partnershipId: board.partnershipId,
            boardId,
            meetingId: meeting.id,
            strategyId: strategy.id,
            periodKey: built.data.period.key,
            asOf: built.data.asOf,
            fileName: built.fileName,
            content: new Uint8Array(built.content),
            sha256: createHash('sha256').update(built.content).digest('hex'),
            summary: summary as unknown as Prisma.InputJsonValue,
          },
          select: { id: true, sha256: true },
        });
        await this.audit.record(
          {
            partnershipId: board.partnershipId,
            actor: { type: 'WORKFLOW', id: `board-report/${boardId}` },
            event: 'board-report.built',
            entityType: 'BoardReport',
            entityId: created.id,
            channel: 'workflow',
            after: {
              meetsOn: meeting.meetsOn,
              periodKey: built.data.period.key,
              sha256: created.sha256,
              counts: summary.counts,
            },
          },
          tx,
        );
        return created;
      });
      this.logger.log(
        `Board report ${report.id} built for ${board.name} (meeting ${meeting.meetsOn.toISOString().slice(0, 10)})`,
      );
      return ready(report.id);
    } catch (error) {
      // Another execution built it first: use theirs.
      if (!isUniqueViolation(error)) throw error;
      return ready(
        (await this.prisma.boardReport.findUniqueOrThrow({ where: key, select: { id: true } })).id,
      );
    }
  }

  /** Emails the kept report to one board member, at most once per board, meeting and member. */
  async send(reportId: string, memberId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'skipped' }> {
    const report = await this.prisma.boardReport.findUniqueOrThrow({
      where: { id: reportId },
      include: { board: { include: { partnership: true } }, meeting: true },
    });
    const member = await this.prisma.boardMember.findUnique({
      where: { id: memberId },
      include: { contact: true },
    });
    if (!member || member.boardId !== report.boardId || member.contact.archivedAt)
      return { outcome: 'skipped' };
    const meetsOn = report.meeting.meetsOn.toISOString().slice(0, 10);
    const summary = report.summary as unknown as BoardReportSummary;
    const { partnership } = report.board;

    const result = await this.outbox.deliverOnce({
      idempotencyKey: `board-report/${report.boardId}/${meetsOn}/${member.id}`,
      kind: 'board-report',
      to: member.contact.email,
      partnershipId: report.partnershipId,
      replyTo: partnership.coordinatorEmail,
      render: () => ({
        ...renderEmail(boardReportEmail, {
          memberName: member.contact.name,
          boardName: report.board.name,
          partnershipName: partnership.name,
          meetsOn,
          fileName: report.fileName,
          coordinatorEmail: partnership.coordinatorEmail,
          ...summary,
        }),
        attachments: [
          { filename: report.fileName, content: Buffer.from(report.content), contentType: XLSX_CONTENT_TYPE },
        ],
      }),
    });
    return { outcome: result.outcome };
  }

  /** The reports kept for the board's meetings, newest meeting first (without their content). */
  pastReports(partnershipId: string, boardId: string) {
    return this.prisma.boardReport.findMany({
      where: { partnershipId, boardId },
      select: {
        id: true,
        periodKey: true,
        asOf: true,
        fileName: true,
        createdAt: true,
        meeting: { select: { meetsOn: true } },
      },
      orderBy: { meeting: { meetsOn: 'desc' } },
    });
  }

  /** A kept report's workbook, as it was sent; another partnership's or board's is not found. */
  async reportFile(partnershipId: string, boardId: string, reportId: string) {
    const report = await this.prisma.boardReport.findFirst({
      where: { id: reportId, partnershipId, boardId },
      select: { fileName: true, content: true },
    });
    if (!report) throw new NotFoundException(`No board report ${reportId}`);
    return { fileName: report.fileName, content: Buffer.from(report.content) };
  }

  /**
   * The board's meetings and how many working days before each the report goes, for its Schedule;
   * changes the number of days first when one is given (audited as the caller's change).
   */
  async scheduleSettings(caller: Caller, boardId: string, workingDaysBefore?: number) {
    const board = await this.prisma.board.findUnique({ where: { id: boardId } });
    if (!board) throw new NotFoundException(`No board ${boardId}`);
    if (workingDaysBefore !== undefined && workingDaysBefore !== board.reportWorkingDaysBefore) {
      await this.prisma.$transaction(async (tx) => {
        await tx.board.update({
          where: { id: boardId },
          data: { reportWorkingDaysBefore: workingDaysBefore },
        });
        await this.audit.record(
          {
            partnershipId: board.partnershipId,
            actor: callerActor(caller),
            event: 'board.report-schedule-changed',
            entityType: 'Board',
            entityId: boardId,
            channel: 'api',
            before: { reportWorkingDaysBefore: board.reportWorkingDaysBefore },
            after: { reportWorkingDaysBefore: workingDaysBefore },
          },
          tx,
        );
      });
    }
    const meetings = await this.prisma.boardMeeting.findMany({
      where: { boardId },
      orderBy: { meetsOn: 'asc' },
    });
    return {
      boardId,
      workingDaysBefore: workingDaysBefore ?? board.reportWorkingDaysBefore,
      meetings: meetings.map((m) => m.meetsOn.toISOString().slice(0, 10)),
    };
  }
}
