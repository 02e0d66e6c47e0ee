import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Put,
  StreamableFile,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { FrozenReturnContent, ReturnSignOff, ReturnVersionSummary, ReturnView } from '@waymark/annual-return';
import {
  recordSubmissionSchema,
  startAmendmentSchema,
  submissionDeadlineSchema,
  submitForApprovalSchema,
} from '@waymark/contracts';
import { XLSX_CONTENT_TYPE } from '@waymark/workbooks';
import { AdminApi } from '../admin/caller';
import { download } from './annual-return.controllers';

class SubmitForApprovalDto extends createZodDto(submitForApprovalSchema) {}
class StartAmendmentDto extends createZodDto(startAmendmentSchema) {}
class RecordSubmissionDto extends createZodDto(recordSubmissionSchema) {}
class SubmissionDeadlineDto extends createZodDto(submissionDeadlineSchema) {}

const versionPipe = new ParseIntPipe();

/**
 * Signing off the return: sent to the signatory for approval; approval freezes a version (never changed);
 * an amendment makes the next; the coordinator records the submission to the department and its deadline.
 */
@AdminApi('annual return')
@Controller('api/returns')
export class ReturnSignOffController {
  constructor(private readonly signOff: ReturnSignOff) {}

  /** Sends the return to its signatory, the board chair told to note it: refused (422) while problems remain. */
  @Post(':id/approval')
  @HttpCode(201)
  @Owns('annualReturn', 'params', 'id')
  @ApiCreatedResponse({ description: 'The return, awaiting approval: the signatory and the chair emailed' })
  submitForApproval(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitForApprovalDto,
  ): Promise<ReturnView> {
    return this.signOff.submitForApproval(caller, id, body);
  }

  /** Takes an approved or submitted return back to draft, to be approved as its next version with this reason. */
  @Post(':id/amendments')
  @HttpCode(201)
  @Owns('annualReturn', 'params', 'id')
  @ApiCreatedResponse({ description: 'The return, a draft again: the amendment in progress' })
  startAmendment(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: StartAmendmentDto,
  ): Promise<ReturnView> {
    return this.signOff.startAmendment(caller, id, body);
  }

  /** Records that the approved return (its latest version) was sent to the department. */
  @Put(':id/submission')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({ description: 'The return, submitted' })
  recordSubmission(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordSubmissionDto,
  ): Promise<ReturnView> {
    return this.signOff.recordSubmission(caller, id, body);
  }

  /** The day the coordinator means to send the return to the department by. */
  @Put(':id/submission-deadline')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({ description: 'The return, with its deadline' })
  setSubmissionDeadline(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmissionDeadlineDto,
  ): Promise<ReturnView> {
    return this.signOff.setSubmissionDeadline(caller, id, body);
  }

  @Get(':id/versions')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({
    description: 'Every approved version: hash, who approved it and when, why, its submission',
  })
  versions(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReturnVersionSummary[]> {
    return this.signOff.versions(caller.partnershipId, id);
  }

  @Get(':id/versions/:version')
  @Owns('annualReturn', 'params', 'id')
  @ApiOkResponse({ description: 'One version as frozen: its content and the SHA-256 of its canonical JSON' })
  version(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('version', versionPipe) version: number,
  ): Promise<ReturnVersionSummary & { content: FrozenReturnContent }> {
    return this.signOff.version(caller.partnershipId, id, version);
  }

  /** The version's workbook, from its frozen content: approved, the signatory and the hash on its cover. */
  @Get(':id/versions/:version/workbook')
  @Owns('annualReturn', 'params', 'id')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The workbook, as a download' })
  async versionWorkbook(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('version', versionPipe) version: number,
  ): Promise<StreamableFile> {
    return download(await this.signOff.versionWorkbook(caller.partnershipId, id, version));
  }
}
