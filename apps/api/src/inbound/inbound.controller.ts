import { timingSafeEqual, createHash } from 'node:crypto';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import type { Request } from 'express';
import { Caller, CurrentCaller, InboundLimit, Owns, Public, Roles } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { listTriageSchema, resolveTriageSchema } from '@waymark/contracts';
import { Page } from '@waymark/db';
import {
  AuthenticationUnavailable,
  InboundMailService,
  InboundResult,
  InboundTriage,
  TriageItem,
  UnreadableMessage,
} from '@waymark/inbound-mail';

class ListTriageQueryDto extends createZodDto(listTriageSchema) {}
class ResolveTriageDto extends createZodDto(resolveTriageSchema) {}

const SECRET_HEADER = 'x-waymark-inbound-secret';

/**
 * Replies by email, third way in: a mail provider's inbound webhook (or a script) posts the raw MIME,
 * with the shared secret in a header. Also the coordinators' triage list of replies that could not be read.
 */
@ApiTags('inbound mail')
@Controller('api/inbound')
export class InboundController {
  constructor(
    private readonly inbound: InboundMailService,
    private readonly triageList: InboundTriage,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  // Its own credential (the shared secret, compared in constant time) instead of a bearer token; its own
  // limit per client address (RATE_LIMIT_MAIL_PER_MINUTE), higher than the public pages', because a mail
  // provider delivers every reply from the same few addresses.
  @Public()
  @InboundLimit()
  @Post('mime')
  @HttpCode(202)
  @ApiConsumes('message/rfc822')
  @ApiHeader({ name: SECRET_HEADER, required: true, description: 'INBOUND_WEBHOOK_SECRET' })
  async mime(
    @Req() req: Request,
    @Headers(SECRET_HEADER) secret: string | undefined,
  ): Promise<InboundResult> {
    const expected = this.config.INBOUND_WEBHOOK_SECRET;
    if (!expected || !secret || !sameSecret(secret, expected))
      throw new ForbiddenException('Wrong or missing inbound secret (or the webhook is off)');
    if (req.readableEnded)
      throw new UnsupportedMediaTypeException(
        'Send the raw message as message/rfc822 (or application/octet-stream)',
      );
    const raw = await readBody(req, this.config.INBOUND_MAX_BYTES);
    if (raw.length === 0) throw new UnprocessableEntityException('The message is empty');
    try {
      return await this.inbound.receive(raw, 'webhook');
    } catch (error) {
      if (error instanceof UnreadableMessage) throw new UnprocessableEntityException(error.message);
      if (error instanceof AuthenticationUnavailable) throw new ServiceUnavailableException(error.message);
      throw error;
    }
  }

  /**
   * Replies to the caller's partnership that recorded nothing for want of a person, newest first; unresolved
   * unless asked. Not for board viewers: it shows contacts' email addresses (as the audit log does).
   */
  @Get('triage')
  @Roles('ADMIN', 'COORDINATOR')
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  triage(@CurrentCaller() caller: Caller, @Query() query: ListTriageQueryDto): Promise<Page<TriageItem>> {
    return this.triageList.triage(caller.partnershipId, query);
  }

  /** The coordinator has dealt with the reply: it leaves the list (audited, with the optional note). */
  @Post('triage/:id/resolve')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The triage item, resolved' })
  @Owns('inboundMessage', 'params', 'id')
  resolve(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResolveTriageDto,
  ): Promise<TriageItem> {
    return this.triageList.resolve(caller, id, body);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Reads the raw body; past the limit it keeps draining (so the client gets the 413) but keeps nothing. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () =>
      size > limit
        ? reject(new PayloadTooLargeException(`Messages are limited to ${limit} bytes`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}
