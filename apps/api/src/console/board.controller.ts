import { Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { listBoardsSchema } from '@waymark/contracts';
import { BoardMeetingsService, BoardsService } from '@waymark/partnerships';
import { BoardReportDelivery } from '@waymark/reports';
import { boardReportRuns } from '@waymark/temporal';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

/**
 * The partnership board: its members against the s.58 categories, its meetings, when each meeting's report
 * goes, and the reports kept as sent, over the services of /api/boards and the board report schedule.
 */
@ConsoleController('board')
export class ConsoleBoardController {
  constructor(
    private readonly boards: BoardsService,
    private readonly meetings: BoardMeetingsService,
    private readonly delivery: BoardReportDelivery,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async index(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    const boards = await this.boards.list(caller.partnershipId, listBoardsSchema.parse({}));
    this.pages.send(res, 'board/index', { title: 'Board', boards: boards.items });
  }

  @Get(':id')
  @Owns('board', 'params', 'id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { board, categories } = await this.boards.composition(caller.partnershipId, boardId);
    const meetings = await this.meetings.list(caller.partnershipId, boardId);
    const reports = await this.delivery.pastReports(caller.partnershipId, boardId);
    const now = new Date();
    const runs = boardReportRuns(
      meetings.map((m) => m.meetsOn.toISOString().slice(0, 10)),
      board.reportWorkingDaysBefore,
      now,
    );
    this.pages.send(res, 'board/show', {
      title: board.name,
      board,
      categories,
      missing: categories.filter((c) => c.missing),
      upcoming: runs,
      past: meetings.filter((m) => m.meetsOn < now).reverse(),
      reports,
    });
  }

  @Get(':id/reports/:reportId')
  @Owns('board', 'params', 'id')
  async report(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) boardId: string,
    @Param('reportId', new ParseUUIDPipe()) reportId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { fileName, content } = await this.delivery.reportFile(caller.partnershipId, boardId, reportId);
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${fileName}"` })
      .type(XLSX_CONTENT_TYPE)
      .send(content);
  }
}
