import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import {
  AnnualReturns,
  ReturnDraft,
  ReturnSignOff,
  ReturnTemplateSummary,
  ReturnTemplates,
  ReturnView,
} from '@waymark/annual-return';
import { explainWarningsSchema, openReturnSchema, recordFiguresSchema } from '@waymark/contracts';
import { ReturnTemplateVersion } from '@waymark/db';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { AdminApi } from '../admin/caller';

class OpenReturnDto extends createZodDto(openReturnSchema) {}
class RecordFiguresDto extends createZodDto(recordFiguresSchema) {}
class ExplainWarningsDto extends createZodDto(explainWarningsSchema) {}

/** The media types of a YAML body: main.ts reads them as text (up to YAML_BODY_LIMIT), for the route to parse. */
export const YAML_MEDIA_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/x-yaml'];
export const YAML_BODY_LIMIT = '1mb';

/**
 * The department's return template, as data by reporting year: the coordinator loads the year's template
 * (each load a new version; none is ever changed). Its format is in docs/annual-return.md.
 */
@AdminApi('annual return')
@Controller('api/return-templates')
export class ReturnTemplatesController {
  constructor(private readonly templates: ReturnTemplates) {}

  /**
   * Loads the year's template from its document: JSON (`application/json`, as every route), or YAML text
   * (`application/yaml`; also `text/yaml` and the `x-yaml` types). Anything else is a 415.
   */
  @Post()
  @HttpCode(201)
  @ApiConsumes('application/json', 'application/yaml')
  @ApiBody({
    description:
      'The template document, JSON or YAML (docs/annual-return.md); problems come back as 422 naming each path ' +
      '(and, in YAML, its line and column)',
  })
  @ApiCreatedResponse({ description: 'The version stored: year, version number, SHA-256' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Neither application/json nor application/yaml' })
  load(
    @CurrentCaller() caller: Caller,
    @Req() req: Request,
    @Body() body: unknown,
  ): Promise<ReturnTemplateSummary> {
    // null: no body at all, read as an empty JSON document (refused, naming the document).
    const type = req.is([...YAML_MEDIA_TYPES, 'application/json']);
    if (type === false)
      throw new UnsupportedMediaTypeException(
        `Send the template as application/json or application/yaml, not ${req.headers['content-type']}`,
      );
    return type === null || type === 'application/json'
      ? this.templates.load(caller, JSON.stringify(body ?? null), 'json')
      : this.templates.load(caller, String(body), 'yaml');
  }

  @Get()
  @ApiOkResponse({ description: 'Every version loaded, newest year and version first' })
  list(@CurrentCaller() caller: Caller): Promise<ReturnTemplateSummary[]> {
    return this.templates.list(caller.partnershipId);
  }

  @Get(':id')
  @Owns('returnTemplate', 'params', 'id')
  @ApiOkResponse({ description: 'The version, with the template document in `content`' })
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReturnTemplateVersion> {
    return this.templates.get(caller.partnershipId, id);
  }
}

/** Each financial year's return: opened on the year's template; figures with provenance; every check. */
@AdminApi('annual return')
@Controller('api/returns')
export class AnnualReturnsController {
  constructor(
    private readonly returns: AnnualReturns,
    private readonly signOff: ReturnSignOff,
  ) {}

  /** Opens the year's return (or finds it open): `opened` says which. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The return as it stands, with its checks' })
  open(
    @CurrentCaller() caller: Caller,
    @Body() body: OpenReturnDto,
  ): Promise<ReturnDraft & { opened: boolean }> {
    return this.returns.open(caller, body);
  }

  @Get(':id')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({
    description:
      'The return: its template version, every figure with provenance, every check, and its sign-off: the approval awaited, the last comments, the deadline, the versions',
  })
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReturnView> {
    return this.signOff.view(caller.partnershipId, id);
  }

  /** Figures a coordinator enters: each cell a new revision; all or nothing. */
  @Put(':id/figures')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({ description: 'The return with the figures recorded and checked again' })
  record(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordFiguresDto,
  ): Promise<ReturnDraft> {
    return this.returns.record(caller, id, body);
  }

  /** The coordinator explains warnings (a failing warning needs an explanation before sign-off). */
  @Put(':id/explanations')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({ description: 'The return with the explanations recorded' })
  explain(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ExplainWarningsDto,
  ): Promise<ReturnDraft> {
    return this.returns.explain(caller, id, body);
  }

  /** The return workbook, built now from the figures: for the board, and to copy into the department's form. */
  @Get(':id/workbook')
  @Owns('annualReturn', 'params', 'id')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The workbook, as a download' })
  async workbook(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<StreamableFile> {
    return download(await this.returns.workbook(caller.partnershipId, id));
  }
}

/** A return workbook as a download. */
/** A built document as a download: a workbook (the default) or the annual report. */
export function download(
  { fileName, content }: { fileName: string; content: Buffer },
  type = XLSX_CONTENT_TYPE,
): StreamableFile {
  return new StreamableFile(content, {
    type,
    disposition: `attachment; filename="${fileName}"`,
    length: content.length,
  });
}
