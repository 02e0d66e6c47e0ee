import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
  UnprocessableEntityException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { ActionWorkflows } from '@waymark/temporal';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import {
  ImportReport,
  PlanFileError,
  PlanImportService,
  PlanMapping,
  importReportSchema,
  planMappingSchema,
} from '@waymark/plan-import';

/** The largest plan accepted: councils' plans are tens of kilobytes; this leaves room for formatting. */
export const MAX_PLAN_BYTES = 10 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ImportQueryDto extends createZodDto(
  z.strictObject({
    dryRun: z
      .enum(['true', 'false'])
      .optional()
      .describe('true: report every row and problem, write nothing'),
  }),
) {}

class ImportFormDto extends createZodDto(
  z.object({
    mapping: z
      .string()
      .max(20_000)
      .optional()
      .describe('JSON: { "sheet"?, "headerRow"?, "columns"?: { field: header text or column letter } }'),
  }),
) {}

class ImportReportDto extends createZodDto(importReportSchema) {}

export interface UploadedPlan {
  buffer: Buffer;
  size: number;
}

@ApiTags('action plans')
@Controller('api/strategies')
export class PlanImportController {
  private readonly logger = new Logger(PlanImportController.name);

  constructor(
    private readonly plans: PlanImportService,
    private readonly workflows: ActionWorkflows,
  ) {}

  /**
   * Imports an action plan spreadsheet (.xlsx or CSV, told from its content) into the strategy. Re-importing
   * updates actions by reference and never duplicates them. All or nothing: a row with an error stops the
   * whole import (422, with the report); with `dryRun=true` nothing is ever written.
   */
  @Post(':id/import')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: MAX_PLAN_BYTES, files: 1, fields: 4, fieldSize: 64 * 1024 },
    }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'The plan: .xlsx workbook or CSV' },
        mapping: {
          type: 'string',
          description:
            'Optional JSON naming columns the headers do not: {"columns":{"lead":"Who","dueDate":"F"},"sheet":"Plan","headerRow":3}',
        },
      },
    },
  })
  @ApiOkResponse({ type: ImportReportDto, description: 'What each row did (or would do), and every problem' })
  @ApiUnprocessableEntityResponse({
    description: 'The file is not a readable plan, or rows have errors: nothing was written',
  })
  @ApiPayloadTooLargeResponse({ description: `The file is larger than ${MAX_PLAN_BYTES / 1024 / 1024} MB` })
  @Owns('strategy', 'params', 'id')
  async importPlan(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) strategyId: string,
    @Query() query: ImportQueryDto,
    @Body() form: ImportFormDto,
    @UploadedFile() file: UploadedPlan | undefined,
  ): Promise<ImportReport> {
    if (!file) {
      throw new BadRequestException('Attach the plan (.xlsx or .csv) as the multipart form field "file".');
    }
    const mapping = parseMapping(form.mapping);
    const report = await readingFile(() =>
      this.plans.importPlan(caller, strategyId, file.buffer, { dryRun: query.dryRun === 'true', mapping }),
    );
    if (!report.dryRun && !report.applied) throw new UnprocessableEntityException(report);
    if (report.applied) report.next.startedChasing = await startChasing(this.workflows, report, this.logger);
    return report;
  }

  /** The strategy's action plan as an .xlsx workbook, in the layout the import reads. */
  @Get(':id/export')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The action plan workbook' })
  @Owns('strategy', 'params', 'id')
  async exportPlan(@Param('id', new ParseUUIDPipe()) strategyId: string): Promise<StreamableFile> {
    const { fileName, content } = await this.plans.exportPlan(strategyId);
    return new StreamableFile(content, {
      type: XLSX,
      disposition: `attachment; filename="${fileName}"`,
      length: content.length,
    });
  }
}

/**
 * Starts the workflow of every action an applied import left with someone to ask, as creating an action does;
 * those already running carry on. When Temporal cannot be reached, housekeeping starts them later (false).
 */
export async function startChasing(
  workflows: ActionWorkflows,
  report: ImportReport,
  logger: Logger,
): Promise<boolean> {
  const ids = report.next.leads.flatMap((l) => l.actions.map((a) => a.actionId)).filter((id) => id !== null);
  try {
    for (const id of ids) await workflows.ensureStarted(id);
    return true;
  } catch (error) {
    logger.warn(`Chasing of imported actions not started yet: ${(error as Error).message}`);
    return false;
  }
}

/** Runs an import; a file that cannot be read as the sheet asked for is a 422 naming the problem. */
export async function readingFile<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlanFileError) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        message: error.message,
        problems: [
          {
            row: null,
            column: null,
            field: null,
            severity: 'error',
            code: error.code,
            message: error.message,
          },
        ],
        ...(error.headerLookalikes.length > 0 ? { headerLookalikes: error.headerLookalikes } : {}),
      });
    }
    throw error;
  }
}

function parseMapping(json: string | undefined): PlanMapping | undefined {
  if (!json?.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new BadRequestException('The mapping is not valid JSON.');
  }
  const parsed = planMappingSchema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequestException({
      message: 'The mapping is not valid',
      errors: parsed.error.issues.map((i) => ({
        field: ['mapping', ...i.path].join('.'),
        message: i.message,
      })),
    });
  }
  return parsed.data;
}
