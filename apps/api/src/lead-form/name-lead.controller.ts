import { Body, Controller, Get, Header, Logger, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import { AuditLog } from '@waymark/audit';
import { fieldErrors } from '@waymark/contracts';
import { PrismaService } from '@waymark/db';
import { ActionWorkflows } from '@waymark/temporal';
import { RequestForForm, UpdateRequestsService } from '@waymark/update-requests';
import type { Response } from 'express';
import { z } from 'zod';
import { LeadPages, LeadPagesFilter } from './lead-pages';

const namedLeadSchema = z.object({
  name: z.string().trim().min(2, 'Enter their name').max(200, 'Their name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter their work email')
    .pipe(z.email({ error: 'Enter their work email address, like name@example.org' }).max(320))
    .transform((e) => e.toLowerCase()),
  jobTitle: z.string().trim().max(200, 'Their job title must be 200 characters or fewer'),
});
const FIELDS = ['name', 'email', 'jobTitle'] as const;

/**
 * "Who should answer for this action?": an organisation's default contact, asked for an action that has no
 * lead of its own, names the right person through their request's secure link. The person is added as a
 * contact of the organisation (matched by email), and the action reassigned to them through its workflow:
 * they are asked at once, and the default contact's link stops working.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('u/:token/lead')
export class NameLeadController {
  private readonly logger = new Logger(NameLeadController.name);

  constructor(
    private readonly requests: UpdateRequestsService,
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
    private readonly workflows: ActionWorkflows,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    await this.form(res, 200, token, request, { name: '', email: '', jobTitle: '' }, {});
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async name(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const values = Object.fromEntries(
      FIELDS.map((f) => [f, typeof body?.[f] === 'string' ? body[f] : '']),
    ) as Record<(typeof FIELDS)[number], string>;
    const parsed = namedLeadSchema.safeParse(values);
    if (!parsed.success || request.action.leadContactId) {
      return this.form(
        res,
        parsed.success ? 200 : 400,
        token,
        request,
        values,
        parsed.success ? {} : fieldErrors(parsed.error),
      );
    }
    const { name, email, jobTitle } = parsed.data;
    const asker = request.leadContact;
    const partnershipId = request.partnershipId;
    const actor = { type: 'LEAD' as const, id: asker.id };
    let lead = await this.prisma.contact.findUnique({
      where: { partnershipId_email: { partnershipId, email } },
    });
    if (lead?.archivedAt) {
      return this.form(res, 400, token, request, values, {
        email: `${email} is no longer a contact of the partnership: ask ${request.action.strategy.partnership.coordinatorEmail}`,
      });
    }
    if (lead?.id === asker.id) {
      // Themselves: the action is theirs, and so is this period's request.
      await this.prisma.$transaction(async (tx) => {
        await tx.action.update({ where: { id: request.actionId }, data: { leadContactId: asker.id } });
        await this.audit.record(
          {
            partnershipId,
            actor,
            event: 'action.lead-named',
            entityType: 'Action',
            entityId: request.actionId,
            channel: 'form',
            before: { leadContactId: null },
            after: { leadContactId: asker.id },
          },
          tx,
        );
      });
      return this.pages.send(res, 200, 'lead-named', {
        ...context(token, request),
        leadName: asker.name,
        self: true,
      });
    }
    if (!lead) {
      lead = await this.prisma.$transaction(async (tx) => {
        const created = await tx.contact.create({
          data: {
            partnershipId,
            organisationId: asker.organisationId,
            name,
            email,
            jobTitle: jobTitle || null,
          },
        });
        await this.audit.record(
          {
            partnershipId,
            actor,
            event: 'contact.created',
            entityType: 'Contact',
            entityId: created.id,
            channel: 'form',
            after: created,
          },
          tx,
        );
        return created;
      });
    }
    try {
      await this.workflows.control(request.actionId, {
        kind: 'reassign',
        leadContactId: lead.id,
        lead: asker.id,
      });
    } catch (error) {
      this.logger.warn(
        `Action ${request.actionId} not reassigned to ${lead.id}: ${(error as Error).message}`,
      );
      return this.form(res, 503, token, request, values, {
        name: 'We could not pass this on just now. Please try again in a few minutes.',
      });
    }
    this.pages.send(res, 200, 'lead-named', { ...context(token, request), leadName: lead.name, self: false });
  }

  private async form(
    res: Response,
    status: number,
    token: string,
    request: RequestForForm,
    values: Record<string, string>,
    errors: Record<string, string>,
  ): Promise<void> {
    const ledBy = request.action.leadContactId
      ? ((await this.prisma.contact.findUnique({ where: { id: request.action.leadContactId } }))?.name ??
        'someone')
      : null;
    this.pages.send(res, status, 'name-lead', {
      ...context(token, request),
      ledBy,
      organisationName: request.leadContact.organisation?.name ?? 'your organisation',
      values,
      errors,
      errorList: FIELDS.filter((f) => errors[f]).map((f) => ({ text: errors[f], href: `#${f}` })),
    });
  }
}

function context(token: string, request: RequestForForm) {
  const { action } = request;
  return {
    partnershipName: action.strategy.partnership.name,
    coordinatorEmail: action.strategy.partnership.coordinatorEmail,
    action: { ref: action.ref, title: action.title, text: action.text },
    formUrl: `/u/${token}`,
  };
}
