import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AccessService, Caller, CurrentCaller, Roles } from '@waymark/access';

class CreateUserDto extends createZodDto(
  z.object({
    email: z.email(),
    name: z.string().trim().min(1),
    role: z.enum(['ADMIN', 'COORDINATOR', 'BOARD_VIEWER']),
  }),
) {}

class IssueTokenDto extends createZodDto(
  z.object({
    name: z.string().trim().min(1).max(100),
    expiresAt: z.iso.datetime().optional(),
  }),
) {}

/** Admins manage their partnership's users and tokens; everyone can see who they are. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('api')
export class UsersController {
  constructor(private readonly access: AccessService) {}

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

  /** Issues a token; the response holds the secret, shown this once only. */
  @Post('users/:id/tokens')
  @Roles('ADMIN')
  @HttpCode(201)
  issue(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() body: IssueTokenDto,
  ) {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    return this.access.issueToken(caller.partnershipId, userId, body.name, expiresAt, caller);
  }

  @Delete('tokens/:id')
  @Roles('ADMIN')
  @HttpCode(204)
  revoke(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) tokenId: string): Promise<void> {
    return this.access.revokeToken(caller.partnershipId, tokenId, caller);
  }
}
