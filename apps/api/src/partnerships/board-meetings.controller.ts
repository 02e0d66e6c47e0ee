import { Body, Controller, Delete, Get, Logger, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { boardMeetingSchema } from '@waymark/contracts';
import type { BoardMeeting } from '@waymark/db';
import { BoardMeetingsService } from '@waymark/partnerships';
import { BoardReportDelivery } from '@waymark/reports';
import { BoardReportScheduleView, BoardReportSchedules } from '@waymark/temporal';

class BoardMeetingDto extends createZodDto(boardMeetingSchema) {}

/** A meeting as changed, and the board report schedule brought in step with it (null if Temporal was unreachable). */
export interface BoardMeetingChange {
  meeting: BoardMeeting;
  reportSchedule: BoardReportScheduleView | null;
}

/**
 * A board's meeting dates. Each change brings the board's report Schedule in step at once, so the report
 * goes the set number of working days before every meeting without a separate call. Should Temporal be
 * unreachable, the change still stands and `PUT /api/boards/:id/report-schedule` brings the schedule in step.
 */
@ApiTags('boards')
@Controller('api/boards/:id/meetings')
export class BoardMeetingsController {
  private readonly logger = new Logger(BoardMeetingsController.name);

  constructor(
    private readonly meetings: BoardMeetingsService,
    private readonly delivery: BoardReportDelivery,
    private readonly schedules: BoardReportSchedules,
  ) {}

  @Get()
  @ApiOkResponse({ description: "The board's meetings, earliest first" })
  @Owns('board', 'params', 'id')
  list(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) boardId: string) {
    return this.meetings.list(caller.partnershipId, boardId);
  }

  @Post()
  @ApiCreatedResponse({ description: 'The meeting, and the report schedule now in step' })
  @Owns('board', 'params', 'id')
  async add(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Body() body: BoardMeetingDto,
  ): Promise<BoardMeetingChange> {
    const meeting = await this.meetings.add(caller, boardId, body);
    return { meeting, reportSchedule: await this.syncSchedule(caller, boardId) };
  }

  @Patch(':meetingId')
  @ApiOkResponse({ description: 'The meeting on its new day, and the report schedule now in step' })
  @Owns('board', 'params', 'id')
  async move(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: BoardMeetingDto,
  ): Promise<BoardMeetingChange> {
    const meeting = await this.meetings.move(caller, boardId, meetingId, body);
    return { meeting, reportSchedule: await this.syncSchedule(caller, boardId) };
  }

  @Delete(':meetingId')
  @ApiOkResponse({ description: 'The cancelled meeting, and the report schedule now in step' })
  @Owns('board', 'params', 'id')
  async cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
  ): Promise<BoardMeetingChange> {
    const meeting = await this.meetings.cancel(caller, boardId, meetingId);
    return { meeting, reportSchedule: await this.syncSchedule(caller, boardId) };
  }

  private async syncSchedule(caller: Caller, boardId: string): Promise<BoardReportScheduleView | null> {
    try {
      return await this.schedules.sync(await this.delivery.scheduleSettings(caller, boardId));
    } catch (error) {
      this.logger.warn(`Board ${boardId}: report schedule not brought in step: ${(error as Error).message}`);
      return null;
    }
  }
}
