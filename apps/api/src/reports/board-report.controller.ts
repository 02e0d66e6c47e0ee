import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Owns } from '@waymark/access';
import { createZodDto } from 'nestjs-zod';
import { boardReportQuerySchema } from '@waymark/contracts';
import { BoardReportService } from '@waymark/reports';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';

class BoardReportQueryDto extends createZodDto(boardReportQuerySchema) {}

@ApiTags('reports')
@Controller('api/strategies/:id/reports')
export class BoardReportController {
  constructor(private readonly reports: BoardReportService) {}

  /** The board progress report (Excel) for a reporting period, built now from the live data. */
  @Get('board')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The workbook, as a download' })
  @Owns('strategy', 'params', 'id')
  async board(
    @Param('id', new ParseUUIDPipe()) strategyId: string,
    @Query() query: BoardReportQueryDto,
  ): Promise<StreamableFile> {
    const report = await this.reports.build(strategyId, { periodKey: query.period });
    return new StreamableFile(report.content, {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="${report.fileName}"`,
      length: report.content.length,
    });
  }
}
