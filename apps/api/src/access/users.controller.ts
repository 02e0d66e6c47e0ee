import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AccessService, Caller, CurrentCaller, Roles, expiryAfterDays } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';

/** A new user: as the API takes it, and the console's form. */
export const createUserSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1),
  role: z.enum(['ADMIN', 'COORDINATOR', 'BOARD_VIEWER']),
});

class CreateUserDto extends createZodDto(createUserSchema) {}

class IssueTokenDto extends createZodDto(
  z.object({
    name: z.string().trim().min(1).max(100),
    expiresAt: z.iso
      .datetime()
      .optional()
      .describe('At most API_TOKEN_DAYS (90) days ahead, and the default'),
  }),
) {}

/** Admins manage their partnership's users and tokens; everyone can see who they are. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(
    private readonly access: AccessService,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  @Get('me')
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }

  @Post('users')
  @Roles('ADMIN')
  @HttpCode(201)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateUserDto) {
    return this.access.createUser(caller.partnershipId, body, caller);
  }

  @Get('users')
  @Roles('ADMIN')
  list(@CurrentCaller() caller: Caller) {
    return this.access.listUsers(caller.partnershipId);
  }

  /** Issues a token, expiring in API_TOKEN_DAYS days or at `expiresAt`; the response holds the secret, shown this once only. */
  @Post('users/:id/tokens')
  @Roles('ADMIN')
  @HttpCode(201)
  issue(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() body: IssueTokenDto,
  ) {
    const days = this.config.API_TOKEN_DAYS;
    const latest = expiryAfterDays(days);
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : latest;
    if (expiresAt <= new Date() || expiresAt > latest)
      throw new BadRequestException(`expiresAt must be in the next ${days} days (API_TOKEN_DAYS)`);
    return this.access.issueToken(caller.partnershipId, userId, body.name, expiresAt, caller);
  }

  @Delete('tokens/:id')
  @Roles('ADMIN')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) tokenId: string): Promise<void> {
    return this.access.revokeToken(caller.partnershipId, tokenId, caller);
  }
}
