import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns, Roles } from '@waymark/access';
import { eraseEvidenceSchema, listEvidenceSchema, quarantineEvidenceSchema } from '@waymark/contracts';
import { Page } from '@waymark/db';
import { EvidenceAdminService, EvidenceItem } from '@waymark/evidence';
import { AdminApi } from '../admin/caller';
import { fileDownload } from './file-download';

class ListEvidenceQueryDto extends createZodDto(listEvidenceSchema) {}
class QuarantineEvidenceDto extends createZodDto(quarantineEvidenceSchema) {}
class EraseEvidenceDto extends createZodDto(eraseEvidenceSchema) {}

/** A piece of evidence as listed, with where to download a file that can be opened. */
export type EvidenceView = EvidenceItem & { downloadPath: string | null };

function present(item: EvidenceItem): EvidenceView {
  const openable = item.kind === 'FILE' && !item.erasedAt && !item.quarantinedAt;
  return { ...item, downloadPath: openable ? `/api/evidence/${item.id}/content` : null };
}

/**
 * The evidence leads sent with their updates: listed per action; files downloaded by coordinators (each
 * download audited); quarantined while someone looks at it; erased when it should never have been sent
 * (for example, when it names a survivor).
 */
@AdminApi('evidence')
@Controller('api')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceAdminService) {}

  /** Newest first; quarantined and erased evidence is listed too, without its download. */
  @Get('actions/:id/evidence')
  @ApiOkResponse({ description: '{ items, nextCursor }: nextCursor is null on the last page' })
  @Owns('action', 'params', 'id')
  async list(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) actionId: string,
    @Query() query: ListEvidenceQueryDto,
  ): Promise<Page<EvidenceView>> {
    const page = await this.evidence.list(caller.partnershipId, actionId, query);
    return { ...page, items: page.items.map(present) };
  }

  /** The file as the lead sent it. 409 for a link or a quarantined file; 410 once erased. */
  @Get('evidence/:id/content')
  @Roles('ADMIN', 'COORDINATOR')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: "The file's bytes, as an attachment" })
  @Owns('evidence', 'params', 'id')
  async content(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.evidence.content(caller, id);
    return fileDownload(res, file);
  }

  /** No download until released; the reason is kept in the audit trail. 409 if already quarantined. */
  @Post('evidence/:id/quarantine')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The evidence, quarantined' })
  @Owns('evidence', 'params', 'id')
  async quarantine(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: QuarantineEvidenceDto,
  ): Promise<EvidenceView> {
    return present(await this.evidence.quarantine(caller, id, body));
  }

  /** Back in use. 409 if not quarantined; 410 once erased. */
  @Post('evidence/:id/release')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The evidence, released' })
  @Owns('evidence', 'params', 'id')
  async release(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<EvidenceView> {
    return present(await this.evidence.release(caller, id));
  }

  /**
   * For good: the file name, the URL and the bytes go (the bytes stay only while other live evidence holds
   * the same file). What it was (type, size, checksum), when and why it was erased are kept. 410 if erased.
   */
  @Post('evidence/:id/erase')
  @HttpCode(200)
  @ApiOkResponse({ description: 'What is left of the evidence' })
  @Owns('evidence', 'params', 'id')
  async erase(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EraseEvidenceDto,
  ): Promise<EvidenceView> {
    return present(await this.evidence.erase(caller, id, body));
  }
}
