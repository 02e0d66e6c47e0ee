import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import { boardReportScheduleSchema } from '@waymark/contracts';
import { BoardReportDelivery } from '@waymark/reports';
import { BoardReportScheduleView, BoardReportSchedules } from '@waymark/temporal';

class BoardReportScheduleDto extends createZodDto(boardReportScheduleSchema) {}

@ApiTags('reports')
@Controller('api/boards/:id/report-schedule')
export class BoardReportScheduleController {
  constructor(
    private readonly delivery: BoardReportDelivery,
    private readonly schedules: BoardReportSchedules,
  ) {}

  /**
   * Brings the board's report schedule in step with its meetings (creating it if needed): the report is
   * built and emailed to the members the given number of working days before each meeting.
   */
  @Put()
  @ApiOkResponse({ description: 'The schedule: its id and when each meeting’s report will go' })
  @Owns('board', 'params', 'id')
  async sync(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Body() body: BoardReportScheduleDto,
  ): Promise<BoardReportScheduleView> {
    const settings = await this.delivery.scheduleSettings(caller, boardId, body.workingDaysBefore);
    return this.schedules.sync(settings);
  }
}
