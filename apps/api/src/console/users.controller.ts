import { Body, ConflictException, Get, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService, Caller, CurrentCaller, Roles, expiryAfterDays } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { fieldErrors } from '@waymark/contracts';
import { createUserSchema } from '../access/users.controller';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

const ROLE_HINTS = {
  ADMIN: 'Everything a coordinator can do, and manages users and tokens',
  COORDINATOR: 'Runs the monitoring: actions, KPIs, the plan, the board',
  BOARD_VIEWER: 'Reads everything, changes nothing',
};

const FIELD_MESSAGES: Record<string, string> = {
  name: 'Enter the person’s name',
  email: 'Enter a work email address, like name@council.gov.uk',
  role: 'Choose what the person can do',
};

/**
 * Users and their API tokens, for admins only, over the same service as the admin API's /api/users routes. A
 * user or token of another partnership is not found by the service: the 404 page.
 */
@ConsoleController('users')
@Roles('ADMIN')
export class ConsoleUsersController {
  constructor(
    private readonly access: AccessService,
    private readonly pages: ConsolePages,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  @Get()
  async index(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.list(caller, res, { name: '', email: '', role: '' }, {});
  }

  @Post()
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const form = {
      name: typeof body.name === 'string' ? body.name : '',
      email: typeof body.email === 'string' ? body.email.trim() : '',
      role: typeof body.role === 'string' ? body.role : '',
    };
    const parsed = createUserSchema.safeParse(form);
    if (!parsed.success) {
      return this.list(caller, res, form, fieldErrors(parsed.error, FIELD_MESSAGES), 400);
    }
    try {
      const user = await this.access.createUser(caller.partnershipId, parsed.data, caller);
      res.redirect(303, `/console/users/${user.id}`);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      await this.list(caller, res, form, { email: 'There is already a user with this email address' }, 409);
    }
  }

  @Get(':id')
  async show(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.userPage(caller, userId, res);
  }

  /** Issues a token and shows its secret on this response only (the page is never cached). */
  @Post(':id/tokens')
  async issue(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 100) {
      const message = name ? 'The token’s name must be 100 characters or fewer' : 'Name the token';
      return this.userPage(caller, userId, res, message);
    }
    const expiresAt = expiryAfterDays(this.config.API_TOKEN_DAYS);
    const issued = await this.access.issueToken(caller.partnershipId, userId, name, expiresAt, caller);
    this.pages.send(res, 'users/token-issued', { title: 'Token issued', issued, userId });
  }

  @Post(':id/tokens/:tokenId/revoke')
  async revoke(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Param('tokenId', new ParseUUIDPipe()) tokenId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.access.listTokens(caller.partnershipId, userId);
    await this.access.revokeToken(caller.partnershipId, tokenId, caller);
    res.redirect(303, `/console/users/${userId}`);
  }

  /** Archiving matters: a confirmation page first. */
  @Get(':id/archive')
  async confirmArchive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { user } = await this.access.listTokens(caller.partnershipId, userId);
    this.pages.send(res, 'users/archive', { title: `Archive ${user.name}`, person: user });
  }

  @Post(':id/archive')
  async archive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) userId: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.access.archiveUser(caller.partnershipId, userId, caller);
    res.redirect(303, `/console/users/${userId}`);
  }

  private async userPage(caller: Caller, userId: string, res: Response, nameError?: string): Promise<void> {
    const { user, tokens } = await this.access.listTokens(caller.partnershipId, userId);
    const now = new Date();
    this.pages.send(
      res,
      'users/show',
      {
        title: user.name,
        person: user,
        tokens: tokens.map((t) => ({ ...t, live: !t.revokedAt && (!t.expiresAt || t.expiresAt > now) })),
        self: user.id === caller.userId,
        tokenDays: this.config.API_TOKEN_DAYS,
        errors: nameError ? { name: nameError } : {},
        errorList: nameError ? [{ text: nameError, href: '#name' }] : [],
      },
      nameError ? 400 : 200,
    );
  }

  private async list(
    caller: Caller,
    res: Response,
    form: Record<string, string>,
    errors: Record<string, string>,
    status = 200,
  ): Promise<void> {
    this.pages.send(
      res,
      'users/index',
      {
        title: 'Users and tokens',
        users: await this.access.listUsers(caller.partnershipId),
        form,
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({
          text,
          href: field === 'role' ? '#role' : `#${field}`,
        })),
        roleHints: ROLE_HINTS,
      },
      status,
    );
  }
}
