import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditLog, AuditedWrites, callerActor, fieldError } from '@waymark/audit';
import { BoardMeetingInput } from '@waymark/contracts';
import { BoardMeeting, PrismaService } from '@waymark/db';

/**
 * A board's meeting dates, which drive when its report is built and sent (and the chase deadlines before
 * it). Scoped through the board. A meeting whose report has been built cannot be moved or cancelled: the
 * report, and what was sent, stay tied to the day it was for.
 */
@Injectable()
export class BoardMeetingsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly audit: AuditLog,
  ) {}

  async list(partnershipId: string, boardId: string): Promise<BoardMeeting[]> {
    await this.board(partnershipId, boardId);
    return this.prisma.boardMeeting.findMany({ where: { boardId }, orderBy: { meetsOn: 'asc' } });
  }

  async add(caller: Caller, boardId: string, input: BoardMeetingInput): Promise<BoardMeeting> {
    await this.board(caller.partnershipId, boardId);
    return this.writes.run(this.write(caller, 'board.meeting.added'), async (tx) => ({
      after: await tx.boardMeeting.create({ data: { boardId, meetsOn: new Date(input.meetsOn) } }),
    }));
  }

  async move(
    caller: Caller,
    boardId: string,
    meetingId: string,
    input: BoardMeetingInput,
  ): Promise<BoardMeeting> {
    const before = await this.unreported(caller.partnershipId, boardId, meetingId);
    return this.writes.run(this.write(caller, 'board.meeting.moved'), async (tx) => ({
      before,
      after: await tx.boardMeeting.update({
        where: { id: meetingId },
        data: { meetsOn: new Date(input.meetsOn) },
      }),
    }));
  }

  async cancel(caller: Caller, boardId: string, meetingId: string): Promise<BoardMeeting> {
    const before = await this.unreported(caller.partnershipId, boardId, meetingId);
    await this.prisma.$transaction(async (tx) => {
      await tx.boardMeeting.delete({ where: { id: meetingId } });
      await this.audit.record(
        {
          partnershipId: caller.partnershipId,
          actor: callerActor(caller),
          event: 'board.meeting.cancelled',
          entityType: 'BoardMeeting',
          entityId: meetingId,
          channel: 'api',
          before,
          after: null,
        },
        tx,
      );
    });
    return before;
  }

  private async board(partnershipId: string, boardId: string): Promise<void> {
    const found = await this.prisma.board.count({ where: { id: boardId, partnershipId } });
    if (!found) throw new NotFoundException(`No board ${boardId}`);
  }

  private async unreported(partnershipId: string, boardId: string, meetingId: string): Promise<BoardMeeting> {
    const meeting = await this.prisma.boardMeeting.findFirst({
      where: { id: meetingId, boardId, board: { partnershipId } },
    });
    if (!meeting) throw new NotFoundException(`No board meeting ${meetingId}`);
    if ((await this.prisma.boardReport.count({ where: { meetingId } })) > 0) {
      throw new ConflictException(
        fieldError('meetsOn', 'The report for this meeting has been built; the meeting can no longer change'),
      );
    }
    return meeting;
  }

  private write(caller: Caller, event: string) {
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event,
      entityType: 'BoardMeeting',
      conflict: { field: 'meetsOn', message: 'The board already meets on that day' },
    };
  }
}
