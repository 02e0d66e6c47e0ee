import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Put,
  StreamableFile,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { AnnualReportPolicyView, AnnualReports } from '@waymark/annual-return';
import { annualReportPolicySchema } from '@waymark/contracts';
import { DOCX_CONTENT_TYPE } from '@waymark/reports';
import { AdminApi } from '../admin/caller';
import { download } from './annual-return.controllers';

class AnnualReportPolicyDto extends createZodDto(annualReportPolicySchema) {}

/**
 * The annual report for the board and for publication: the return in plain English beside last year, with
 * charts, as a Word document; small numbers suppressed by the partnership's policy (docs/annual-return.md).
 */
@AdminApi('annual return')
@Controller('api')
export class AnnualReportController {
  constructor(private readonly reports: AnnualReports) {}

  /** The report of the return as its figures stand now, marked draft. */
  @Get('returns/:id/report')
  @Owns('annualReturn', 'params', 'id')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The annual report (.docx), as a download' })
  async report(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<StreamableFile> {
    return download(await this.reports.draftReport(caller.partnershipId, id), DOCX_CONTENT_TYPE);
  }

  /** The report of an approved version, from its frozen content: what the board signed off. */
  @Get('returns/:id/versions/:version/report')
  @Owns('annualReturn', 'params', 'id')
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: "The version's annual report (.docx), as a download" })
  async versionReport(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('version', new ParseIntPipe()) version: number,
  ): Promise<StreamableFile> {
    return download(await this.reports.versionReport(caller.partnershipId, id, version), DOCX_CONTENT_TYPE);
  }

  @Get('annual-report-policy')
  @ApiOkResponse({ description: 'How the annual report suppresses small numbers (the default until set)' })
  policy(@CurrentCaller() caller: Caller): Promise<AnnualReportPolicyView> {
    return this.reports.policy(caller.partnershipId);
  }

  /** Counts from 1 to suppressBelow − 1 are shown as replaceWith; 0 turns suppression off. */
  @Put('annual-report-policy')
  @ApiOkResponse({ description: 'The policy as set' })
  setPolicy(
    @CurrentCaller() caller: Caller,
    @Body() body: AnnualReportPolicyDto,
  ): Promise<AnnualReportPolicyView> {
    return this.reports.setPolicy(caller, body);
  }
}
