import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { Owns } from '@waymark/access';
import { DOCX_CONTENT_TYPE, ReviewPackService } from '@waymark/reports';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { AdminApi } from '../admin/caller';
import { download } from '../annual-return/annual-return.controllers';

/**
 * The strategy review's look-back pack (docs/reports.md): every action with its whole history, the KPIs over
 * the strategy's period, the annual returns of those years and the response rates by partner, built now from
 * the records, as often as asked.
 */
@AdminApi('strategies')
@Controller('api/strategies/:id/review-pack')
export class ReviewPackController {
  constructor(private readonly packs: ReviewPackService) {}

  @Get()
  @Owns('strategy', 'params', 'id')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The review pack workbook (.xlsx), as a download' })
  async workbook(@Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    return download(await this.packs.workbook(id));
  }

  @Get('narrative')
  @Owns('strategy', 'params', 'id')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The narrative for the board (.docx), as a download' })
  async narrative(@Param('id', new ParseUUIDPipe()) id: string): Promise<StreamableFile> {
    return download(await this.packs.narrative(id), DOCX_CONTENT_TYPE);
  }
}
