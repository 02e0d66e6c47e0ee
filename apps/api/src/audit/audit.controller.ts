import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Caller, CurrentCaller, Roles } from '@waymark/access';
import { AuditEventView, AuditTrail } from '@waymark/audit';
import { auditQuerySchema } from '@waymark/contracts';
import { Page } from '@waymark/db';
import { AdminApi } from '../admin/caller';

class AuditQueryDto extends createZodDto(auditQuerySchema) {}

/** Who did what to which record, with before and after values. Not for board viewers: values may hold contacts' emails. */
@AdminApi('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @Roles('ADMIN', 'COORDINATOR')
  @ApiOkResponse({ description: '{ items, nextCursor }, newest first; nextCursor is null on the last page' })
  list(@CurrentCaller() caller: Caller, @Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.trail.list(caller.partnershipId, query);
  }
}
