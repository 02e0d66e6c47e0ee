import { Inject, Injectable } from '@nestjs/common';
import {
  ChaseAdapter,
  ChaseRender,
  ChaseStepInput,
  ChaseSteps,
  ChaseSubject,
  partnershipChasePolicy,
  partnershipLadder,
} from '@waymark/chasing';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { Prisma, PrismaService } from '@waymark/db';
import {
  OutgoingContent,
  Outbox,
  ReplyAddresses,
  providerReturnEscalationEmail,
  providerReturnRequestEmail,
  renderEmail,
} from '@waymark/mail';
import { type ReturnAnswers, returnTemplateSchema } from '@waymark/return-template';
import {
  XLSX_CONTENT_TYPE,
  buildProviderWorkbook,
  providerWorkbookFileName,
  providerWorkbookKey,
} from '@waymark/workbooks';
import type {
  AnnualReturnActivities,
  AnnualReturnInput,
  ChaseEmailResult,
  ChaseStep,
} from '@waymark/workflows';
import { annualReturnWorkflowId } from '@waymark/workflows';
import { cellReference, cellLabel } from './cell-references';
import { LATE_PROVIDER_FIGURES_MS, ProviderRequestForForm, ProviderRequests } from './provider-requests';

type ChaseInput = Parameters<AnnualReturnActivities['sendProviderChaseEmail']>[0];
type ProviderSubjectData = ProviderRequestForForm & { services: string[] };

/**
 * The adapter through which the one chase step sender asks a provider's data contact for their figures for
 * the return: the first request (outbox key `provider-return-request/<id>/initial`), then the reminders and
 * escalations of the partnership's chase policy, the same ladder, quiet hours and weekly cap as everyone.
 */
@Injectable()
export class ProviderReturnChase implements ChaseAdapter<{ requestId: string }, ProviderSubjectData> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly steps: ChaseSteps,
    private readonly requests: ProviderRequests,
    private readonly replies: ReplyAddresses,
    private readonly outbox: Outbox,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  /** Emails the request to its data contact, once: a retried or replayed call finds the outbox row. */
  send(requestId: string): Promise<{ outcome: 'sent' | 'already-sent' | 'not-open' }> {
    return this.steps.request(this, { requestId });
  }

  /** One reminder or escalation about a request still unanswered; at most once per step. */
  chase(input: ChaseInput, now = new Date()): Promise<ChaseEmailResult> {
    return this.steps.ladderStep(this, input, now);
  }

  /** The reminders and escalations relative to the providers' deadline, while the links still work. */
  async planChase(input: AnnualReturnInput, now = new Date()): Promise<ChaseStep[]> {
    return partnershipLadder(
      this.prisma,
      input.partnershipId,
      new Date(input.respondBy),
      now,
      LATE_PROVIDER_FIGURES_MS,
    );
  }

  async load(
    { requestId }: { requestId: string },
    step: ChaseStepInput,
    now: Date,
  ): Promise<ChaseSubject<ProviderSubjectData>> {
    const request = await this.requests.forForm(requestId);
    const open =
      step.kind === 'request'
        ? request.state === 'OPEN'
        : request.answeredAt === null && request.state !== 'REVOKED' && request.expiresAt > now;
    const contact = await this.prisma.contact.findUniqueOrThrow({
      where: { id: request.dataContactId },
      include: { manager: true },
    });
    return {
      data: { ...request, services: await this.requests.serviceNames(request) },
      open,
      partnershipId: request.partnershipId,
      partnership: request.partnership,
      asked: contact,
      policy: await partnershipChasePolicy(this.prisma, request.partnershipId),
      keyPrefix: `provider-return-request/${request.id}`,
      outboxKinds: {
        request: 'provider-return-request',
        reminder: 'provider-return-reminder',
        escalation: 'provider-return-escalation',
      },
      askedAs: 'Asked for the figures',
      audit: {
        actorId: annualReturnWorkflowId(request.partnershipId, request.annualReturn.financialYear),
        entityType: 'ProviderReturnRequest',
        entityId: request.id,
        eventPrefix: 'provider-return-request',
      },
    };
  }

  async render({
    subject,
    step,
    recipient,
    key,
    chased,
  }: ChaseRender<ProviderSubjectData>): Promise<OutgoingContent> {
    const request = subject.data;
    const common = {
      partnershipName: request.partnership.name,
      financialYear: request.annualReturn.financialYear,
      deadline: request.respondBy.toISOString(),
      services: request.services,
      coordinatorEmail: request.partnership.coordinatorEmail,
    };
    if (step.kind === 'escalation')
      return renderEmail(providerReturnEscalationEmail, {
        ...common,
        recipientName: recipient.name,
        role: step.to!,
        contactName: request.dataContact.name,
        contactOrganisation: request.dataContact.organisation?.name ?? null,
        contactEmail: request.dataContact.email,
        chased,
      });
    // The email's own reply address: a reply to it is matched to this request (docs/answering.md).
    const replyTo = await this.replies.issue({
      providerReturnRequestId: request.id,
      partnershipId: request.partnershipId,
      messageId: this.outbox.messageIdFor(key),
    });
    const questions = askedQuestions(request);
    // The provider's workbook: filled in and attached to a reply, it is matched to this request by its key.
    const workbook = await buildProviderWorkbook({
      ...common,
      contactName: request.dataContact.name,
      questions,
      answers: (request.submissions[0]?.answers as ReturnAnswers | undefined) ?? null,
      key: providerWorkbookKey(this.config.LINK_SECRET, request.id),
    });
    return {
      replyTo,
      ...renderEmail(providerReturnRequestEmail, {
        ...common,
        contactName: request.dataContact.name,
        link: this.requests.linkFor(request),
        questions,
        ...(step.kind === 'reminder'
          ? { firstAskedOn: (request.sentAt ?? request.createdAt).toISOString() }
          : {}),
      }),
      attachments: [
        {
          filename: providerWorkbookFileName(request.annualReturn.financialYear, request.dataContact.name),
          content: workbook,
          contentType: XLSX_CONTENT_TYPE,
        },
      ],
    };
  }

  async onSent(
    tx: Prisma.TransactionClient,
    subject: ChaseSubject<ProviderSubjectData>,
    step: ChaseStepInput,
    now: Date,
  ): Promise<void> {
    if (step.kind === 'request')
      await tx.providerReturnRequest.update({ where: { id: subject.data.id }, data: { sentAt: now } });
  }
}

/** The questions a request asks, in the template's order, each cell with its reference and label. */
export function askedQuestions(request: ProviderRequestForForm) {
  const template = returnTemplateSchema.parse(request.annualReturn.template.content);
  const asked = request.asked as Record<string, string[]>;
  return template.sections.flatMap((section) =>
    section.questions
      .filter((question) => asked[question.key])
      .map((question) => ({
        key: question.key,
        section: `${section.number}. ${section.title}`,
        label: question.label,
        guidance: question.guidance,
        type: question.type,
        cells: asked[question.key].map((cell) => ({
          key: cell,
          reference: cellReference(question.key, cell),
          label: cellLabel(template, question, cell),
        })),
      })),
  );
}
