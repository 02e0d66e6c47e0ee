import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
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
  ApiProduces,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Caller, CurrentCaller } from '@waymark/access';
import { ContactsImportReport, ContactsSheetService, contactsImportReportSchema } from '@waymark/plan-import';
import { createZodDto } from 'nestjs-zod';
import { AdminApi } from '../admin/caller';
import { ImportQueryDto, MAX_PLAN_BYTES, UploadedPlan, readingFile } from './plan-import.controller';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

class ContactsImportReportDto extends createZodDto(contactsImportReportSchema) {}

/**
 * The caller's partnership's contacts sheet: who is asked for updates (organisation, name, email, job title,
 * manager's email, role mailbox or person, default contact), imported and exported like the action plan.
 */
@AdminApi('contacts')
@Controller('api/partnership/contacts')
export class ContactsSheetController {
  constructor(private readonly contacts: ContactsSheetService) {}

  /**
   * Imports a contacts sheet (.xlsx or CSV): contacts matched by email are updated, new ones created, with
   * their organisations (new ones created, other names added) and each organisation's default contact. All
   * or nothing: a row with an error stops the whole import (422, with the report); with `dryRun=true`
   * nothing is ever written.
   */
  @Post('import')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_PLAN_BYTES, files: 1, fields: 2, fieldSize: 1024 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'The contacts: .xlsx or CSV' } },
    },
  })
  @ApiOkResponse({ type: ContactsImportReportDto, description: 'What each row did (or would do)' })
  @ApiUnprocessableEntityResponse({
    description: 'The file is not a readable contacts sheet, or rows have errors: nothing was written',
  })
  async importContacts(
    @CurrentCaller() caller: Caller,
    @Query() query: ImportQueryDto,
    @UploadedFile() file: UploadedPlan | undefined,
  ): Promise<ContactsImportReport> {
    if (!file) {
      throw new BadRequestException(
        'Attach the contacts sheet (.xlsx or .csv) as the multipart form field "file".',
      );
    }
    const report = await readingFile(() =>
      this.contacts.importContacts(caller, caller.partnershipId, file.buffer, {
        dryRun: query.dryRun === 'true',
      }),
    );
    if (!report.dryRun && !report.applied) throw new UnprocessableEntityException(report);
    return report;
  }

  /** The contacts as an .xlsx sheet, in the layout the import reads. */
  @Get('export')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'The contacts sheet' })
  async exportContacts(@CurrentCaller() caller: Caller): Promise<StreamableFile> {
    const { fileName, content } = await this.contacts.exportContacts(caller.partnershipId);
    return new StreamableFile(content, {
      type: XLSX,
      disposition: `attachment; filename="${fileName}"`,
      length: content.length,
    });
  }
}
