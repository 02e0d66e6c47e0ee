import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditActor, AuditedWrites, callerActor, fieldError } from '@waymark/audit';
import { londonIsoDate } from '@waymark/calendar';
import { escalationRecipient } from '@waymark/chasing';
import { AnnualReturnWorkflows } from '@waymark/temporal';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { RecordSubmission, StartAmendment, SubmissionDeadline, SubmitForApproval } from '@waymark/contracts';
import { AnnualReturn, Partnership, Prisma, PrismaService, ReturnApproval, ReturnVersion } from '@waymark/db';
import {
  Outbox,
  renderEmail,
  returnDecisionEmail,
  returnSignOffEmail,
  returnSubmissionReminderEmail,
} from '@waymark/mail';
import { returnTemplateSchema } from '@waymark/return-template';
import { buildReturnWorkbook } from '@waymark/reports';
import { LinkLookup, deriveToken, hashToken, lookUpLink, newTokenNonce } from '@waymark/update-requests';
import { AnnualReturns, ReturnDraft } from './annual-returns.service';
import { ReturnContent, contentHash, returnContent, workbookInputOf } from './return-content';
import { assertEditable } from './return-state';

/** A sign-off link works for 60 days: long enough for a signatory on leave, then it expires. */
export const SIGN_OFF_LINK_MS = 60 * 24 * 60 * 60 * 1000;

/** What approval freezes: the return's whole content, its version, why it amends, who approved it and when. */
export interface FrozenReturnContent extends ReturnContent {
  version: number;
  reason: string | null;
  signatory: { name: string; email: string; jobTitle: string | null };
  approvedAt: string;
}

export interface ReturnVersionSummary {
  version: number;
  sha256: string;
  approvedBy: { name: string; email: string; jobTitle: string | null };
  approvedAt: string;
  reason: string | null;
  submission: { sentOn: string; reference: string; recordedBy: string; recordedAt: string } | null;
}

/** Where the return stands in sign-off, as GET /api/returns/:id shows it beside the draft. */
export interface SignOffStatus {
  /** Why the return is being amended (the next version's reason), while it is. */
  amendmentReason: string | null;
  /** The day the coordinator set to send it to the department by (YYYY-MM-DD). */
  submissionDeadline: string | null;
  pendingApproval: {
    signatory: { name: string; email: string; jobTitle: string | null };
    boardChair: { name: string; email: string } | null;
    requestedBy: string;
    requestedAt: string;
    sentAt: string | null;
    openedAt: string | null;
    expiresAt: string;
  } | null;
  /** The signatory's comments the last time the return was returned. */
  lastReturned: { signatory: string; comments: string; at: string } | null;
  versions: ReturnVersionSummary[];
}

export type ReturnView = ReturnDraft & SignOffStatus;

const approvalForPage = {
  annualReturn: { include: { partnership: true } },
  version: true,
} satisfies Prisma.ReturnApprovalInclude;
export type ApprovalForPage = Prisma.ReturnApprovalGetPayload<{ include: typeof approvalForPage }>;

/** A sign-off link: the approval it belongs to, and whose link it is (the signatory's, or the chair's). */
export interface SignOffLink {
  approval: ApprovalForPage;
  role: 'signatory' | 'chair';
}

/** A decision that came too late: the approval was decided already (what happened is on the page). */
export class AlreadyDecided extends Error {
  constructor(readonly approval: ReturnApproval) {
    super(`Approval ${approval.id} was decided already`);
  }
}

const day = (date: Date) => date.toISOString().slice(0, 10);

type VersionWithSubmission = ReturnVersion & { submission: Prisma.ReturnSubmissionGetPayload<object> | null };

function versionSummary(version: VersionWithSubmission): ReturnVersionSummary {
  return {
    version: version.version,
    sha256: version.sha256,
    approvedBy: {
      name: version.approvedByName,
      email: version.approvedByEmail,
      jobTitle: version.approvedByJobTitle,
    },
    approvedAt: version.approvedAt.toISOString(),
    reason: version.reason,
    submission: version.submission
      ? {
          sentOn: day(version.submission.sentOn),
          reference: version.submission.reference,
          recordedBy: version.submission.recordedBy,
          recordedAt: version.submission.createdAt.toISOString(),
        }
      : null,
  };
}

/**
 * Signing off the annual return: sent to its signatory (the board chair told, to note), approved or returned
 * with comments through a secure link; approval freezes a version (content-hashed, never changed); an
 * amendment makes the next version with its reason; the coordinator records the submission to the department
 * and is reminded before the deadline they set.
 */
@Injectable()
export class ReturnSignOff {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
    private readonly returns: AnnualReturns,
    private readonly outbox: Outbox,
    private readonly workflows: AnnualReturnWorkflows,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  private readonly logger = new Logger(ReturnSignOff.name);

  /** The return as it stands, with where it is in sign-off. */
  async view(partnershipId: string, id: string): Promise<ReturnView> {
    const draft = await this.returns.draft(partnershipId, id);
    const found = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id },
      include: {
        approvals: { where: { state: { in: ['PENDING', 'RETURNED'] } }, orderBy: { createdAt: 'desc' } },
        versions: { include: { submission: true }, orderBy: { version: 'asc' } },
      },
    });
    const pending = found.approvals.find((a) => a.state === 'PENDING');
    const returned = found.approvals.find((a) => a.state === 'RETURNED');
    return {
      ...draft,
      amendmentReason: found.amendmentReason,
      submissionDeadline: found.submitBy ? day(found.submitBy) : null,
      pendingApproval: pending
        ? {
            signatory: {
              name: pending.signatoryName,
              email: pending.signatoryEmail,
              jobTitle: pending.signatoryJobTitle,
            },
            boardChair:
              pending.chairName && pending.chairEmail
                ? { name: pending.chairName, email: pending.chairEmail }
                : null,
            requestedBy: pending.requestedBy,
            requestedAt: pending.createdAt.toISOString(),
            sentAt: pending.sentAt?.toISOString() ?? null,
            openedAt: pending.openedAt?.toISOString() ?? null,
            expiresAt: pending.expiresAt.toISOString(),
          }
        : null,
      lastReturned: returned
        ? {
            signatory: returned.signatoryName,
            comments: returned.comments ?? '',
            at: (returned.decidedAt ?? returned.createdAt).toISOString(),
          }
        : null,
      versions: found.versions.map(versionSummary),
    };
  }

  /**
   * Sends the return to its signatory, with the board chair on record told to note it: 422 listing the
   * problems while errors fail or failing warnings are unexplained; 409 once approved or submitted. Sending it
   * again to the same signatory while it awaits them sends only what did not go (each email goes once); to
   * another signatory, or after the link expired undecided, it replaces the request (the old link stops).
   */
  async submitForApproval(caller: Caller, id: string, input: SubmitForApproval): Promise<ReturnView> {
    const found = await this.returnOf(caller.partnershipId, id);
    // Awaiting approval: the same signatory, their link still working, is sent what did not go; another
    // signatory (or a link that expired undecided) replaces the request, whose link stops working.
    const replaced =
      found.state === 'AWAITING_APPROVAL'
        ? await this.prisma.returnApproval.findFirstOrThrow({ where: { returnId: id, state: 'PENDING' } })
        : null;
    if (replaced && replaced.signatoryEmail === input.signatory.email && replaced.expiresAt > new Date()) {
      await this.sendForApproval(replaced, found);
      return this.view(caller.partnershipId, id);
    }
    if (!replaced) assertEditable(found);
    const draft = await this.returns.draft(caller.partnershipId, id);
    const blocking = [
      ...draft.results
        .filter((r) => r.kind === 'error' && r.outcome === 'fail')
        .map((r) => ({ field: `results.${r.key}`, message: r.message })),
      ...draft.results
        .filter((r) => r.kind === 'warning' && r.outcome === 'fail' && !draft.explanations[r.key])
        .map((r) => ({ field: `explanations.${r.key}`, message: `Explain this warning: ${r.message}` })),
    ];
    if (blocking.length > 0)
      throw new UnprocessableEntityException({
        message: `The return cannot be sent for approval yet: ${draft.problems.errors} failing errors to correct, ${draft.problems.unexplainedWarnings} failing warnings to explain`,
        errors: blocking,
      });
    const chair = await escalationRecipient(this.prisma, 'chair', { manager: null }, found.partnership);
    const approvalId = randomUUID();
    const nonce = newTokenNonce();
    const token = (who: string) => deriveToken(this.config.LINK_SECRET, who, nonce);
    const approval = await this.coordinatorWrite(
      caller,
      'annual-return.sent-for-approval',
      { field: 'signatory', message: 'The return was sent for approval at the same moment' },
      async (tx) => {
        if (replaced) {
          const revoked = await tx.returnApproval.updateMany({
            where: { id: replaced.id, state: 'PENDING' },
            data: { state: 'REVOKED', decidedAt: new Date() },
          });
          if (revoked.count === 0)
            throw new ConflictException(`${replaced.signatoryName} decided at the same moment: look again`);
        } else await this.moveState(tx, id, ['DRAFT'], 'AWAITING_APPROVAL');
        const created = await tx.returnApproval.create({
          data: {
            id: approvalId,
            returnId: id,
            signatoryName: input.signatory.name,
            signatoryEmail: input.signatory.email,
            signatoryJobTitle: input.signatory.jobTitle ?? null,
            requestedBy: caller.userId,
            tokenNonce: nonce,
            tokenHash: hashToken(token(approvalId)),
            chairName: chair?.name ?? null,
            chairEmail: chair?.email ?? null,
            chairTokenHash: chair ? hashToken(token(`${approvalId}/chair`)) : null,
            expiresAt: new Date(Date.now() + SIGN_OFF_LINK_MS),
          },
        });
        const { tokenNonce: _n, tokenHash: _h, chairTokenHash: _c, ...shown } = created;
        return {
          before: { state: found.state, ...(replaced ? { replacedApproval: replaced.id } : {}) },
          after: { id, state: 'AWAITING_APPROVAL', approval: shown },
        };
      },
    );
    await this.sendForApproval(
      await this.prisma.returnApproval.findUniqueOrThrow({ where: { id: approval.approval.id } }),
      found,
    );
    const view = await this.view(caller.partnershipId, id);
    await this.changed(caller.partnershipId, view.financialYear);
    return view;
  }

  /** The sign-off emails, each at most once: the signatory's link, and the chair's read-only one. */
  private async sendForApproval(
    approval: ReturnApproval,
    annualReturn: AnnualReturn & { partnership: Partnership },
  ): Promise<void> {
    const { partnership } = annualReturn;
    const last = await this.prisma.returnVersion.findFirst({
      where: { returnId: annualReturn.id },
      orderBy: { version: 'desc' },
    });
    const link = (who: string) =>
      `${this.config.PUBLIC_BASE_URL}/sign-off/${deriveToken(this.config.LINK_SECRET, who, approval.tokenNonce)}`;
    const context = {
      partnershipName: partnership.name,
      financialYear: annualReturn.financialYear,
      coordinatorEmail: partnership.coordinatorEmail,
      signatoryName: approval.signatoryName,
      expiresOn: approval.expiresAt.toISOString(),
      amendment: annualReturn.amendmentReason
        ? { version: (last?.version ?? 0) + 1, reason: annualReturn.amendmentReason }
        : null,
    };
    const key = `annual-return/${annualReturn.id}/approval/${approval.id}`;
    await this.outbox.deliverOnce({
      idempotencyKey: `${key}/signatory`,
      kind: 'return-sign-off',
      to: approval.signatoryEmail,
      partnershipId: partnership.id,
      render: () =>
        renderEmail(returnSignOffEmail, {
          ...context,
          role: 'signatory',
          recipientName: approval.signatoryName,
          link: link(approval.id),
        }),
      onSent: async (tx) => {
        await tx.returnApproval.update({ where: { id: approval.id }, data: { sentAt: new Date() } });
      },
    });
    if (approval.chairEmail && approval.chairName)
      await this.outbox.deliverOnce({
        idempotencyKey: `${key}/chair`,
        kind: 'return-to-note',
        to: approval.chairEmail,
        partnershipId: partnership.id,
        render: () =>
          renderEmail(returnSignOffEmail, {
            ...context,
            role: 'chair',
            recipientName: approval.chairName!,
            link: link(`${approval.id}/chair`),
          }),
      });
  }

  /** Resolves a sign-off link: the signatory's or the chair's; unknown and expired links reveal nothing. */
  async lookUp(token: string, now = new Date()): Promise<LinkLookup<SignOffLink>> {
    const found = await lookUpLink(token, now, (tokenHash) =>
      this.prisma.returnApproval.findFirst({
        where: { OR: [{ tokenHash }, { chairTokenHash: tokenHash }] },
        include: approvalForPage,
      }),
    );
    if (found.kind !== 'open') return found;
    const role = found.request.tokenHash === hashToken(token) ? 'signatory' : 'chair';
    return { kind: 'open', request: { approval: found.request, role } };
  }

  async markOpened(link: SignOffLink): Promise<void> {
    if (link.role !== 'signatory') return;
    await this.prisma.returnApproval.updateMany({
      where: { id: link.approval.id, openedAt: null },
      data: { openedAt: new Date() },
    });
  }

  /** What the sign-off page shows: the return as it will be frozen, while the approval is pending. */
  async pageContent(approval: ApprovalForPage): Promise<ReturnContent> {
    const { partnershipId, id } = approval.annualReturn;
    return returnContent(this.prisma, partnershipId, await this.returns.draft(partnershipId, id));
  }

  /** The template of a return, as it was opened (template versions never change). */
  async templateOf(templateVersionId: string) {
    const stored = await this.prisma.returnTemplateVersion.findUniqueOrThrow({
      where: { id: templateVersionId },
    });
    return returnTemplateSchema.parse(stored.content);
  }

  /**
   * The signatory approves: the return as it stands is frozen as its next version (content-hashed), and the
   * coordinator is told. Throws AlreadyDecided when the approval was decided already (nothing changes).
   */
  async approve(link: SignOffLink, now = new Date()): Promise<ReturnVersionSummary> {
    const { approval } = link;
    const { annualReturn } = approval;
    const content = await this.pageContent(approval);
    const frozen = await this.decide(link, 'annual-return.approved', async (tx) => {
      await this.claim(tx, approval, { state: 'APPROVED', decidedAt: now });
      const last = await tx.returnVersion.findFirst({
        where: { returnId: annualReturn.id },
        orderBy: { version: 'desc' },
      });
      const snapshot: FrozenReturnContent = {
        ...content,
        version: (last?.version ?? 0) + 1,
        reason: annualReturn.amendmentReason,
        signatory: {
          name: approval.signatoryName,
          email: approval.signatoryEmail,
          jobTitle: approval.signatoryJobTitle,
        },
        approvedAt: now.toISOString(),
      };
      const version = await tx.returnVersion.create({
        data: {
          returnId: annualReturn.id,
          version: snapshot.version,
          content: snapshot as unknown as Prisma.InputJsonValue,
          sha256: contentHash(snapshot),
          approvedByName: approval.signatoryName,
          approvedByEmail: approval.signatoryEmail,
          approvedByJobTitle: approval.signatoryJobTitle,
          approvedAt: now,
          reason: annualReturn.amendmentReason,
          approvalRequestId: approval.id,
        },
        include: { submission: true },
      });
      await this.moveState(tx, annualReturn.id, ['AWAITING_APPROVAL'], 'APPROVED', { amendmentReason: null });
      return { state: 'APPROVED', version: versionSummary(version) };
    });
    await this.tellCoordinator(approval, {
      outcome: 'approved',
      comments: null,
      decidedAt: now,
      version: { number: frozen.version.version, sha256: frozen.version.sha256 },
    });
    await this.changed(annualReturn.partnershipId, annualReturn.financialYear);
    return frozen.version;
  }

  /**
   * The signatory returns it with comments: the return is a draft again, the comments recorded, and the
   * coordinator emailed them. Throws AlreadyDecided when the approval was decided already.
   */
  async returnWithComments(link: SignOffLink, comments: string, now = new Date()): Promise<void> {
    const { approval } = link;
    await this.decide(link, 'annual-return.returned-with-comments', async (tx) => {
      await this.claim(tx, approval, { state: 'RETURNED', decidedAt: now, comments });
      await this.moveState(tx, approval.annualReturn.id, ['AWAITING_APPROVAL'], 'DRAFT');
      return { state: 'DRAFT', comments };
    });
    await this.tellCoordinator(approval, { outcome: 'returned', comments, decidedAt: now, version: null });
    await this.changed(approval.annualReturn.partnershipId, approval.annualReturn.financialYear);
  }

  /**
   * Tells the year's return workflow that sign-off moved on (or its deadline changed), so it reminds on
   * time and ends once the return is sent. A failed signal is logged, never thrown: the change stands, and
   * the workflow reads the return's state daily too.
   */
  private async changed(partnershipId: string, financialYear: string): Promise<void> {
    try {
      await this.workflows.returnChanged(partnershipId, financialYear);
    } catch (error) {
      this.logger.warn(`Could not tell the ${financialYear} return workflow: ${(error as Error).message}`);
    }
  }

  /** A signatory's decision, audited as theirs (their approval request) through the sign-off page. */
  private async decide<T extends object>(
    link: SignOffLink,
    event: string,
    change: (tx: Prisma.TransactionClient) => Promise<T>,
  ) {
    if (link.role !== 'signatory') throw new Error('Only the signatory decides');
    const { approval } = link;
    const actor: AuditActor = { type: 'LEAD', id: approval.id };
    return this.writes.run(
      {
        partnershipId: approval.annualReturn.partnershipId,
        actor,
        event,
        entityType: 'AnnualReturn',
        channel: 'form',
        conflict: { field: 'version', message: 'The return was approved at the same moment' },
      },
      async (tx) => {
        const after = await change(tx);
        return {
          before: { state: 'AWAITING_APPROVAL' },
          after: {
            id: approval.annualReturn.id,
            signatory: { name: approval.signatoryName, email: approval.signatoryEmail },
            ...after,
          },
        };
      },
    );
  }

  /** Takes the pending approval for this decision, or throws AlreadyDecided when it is pending no more. */
  private async claim(
    tx: Prisma.TransactionClient,
    approval: ReturnApproval,
    data: Prisma.ReturnApprovalUpdateManyMutationInput,
  ): Promise<void> {
    const claimed = await tx.returnApproval.updateMany({
      where: { id: approval.id, state: 'PENDING' },
      data,
    });
    if (claimed.count === 0)
      throw new AlreadyDecided(await tx.returnApproval.findUniqueOrThrow({ where: { id: approval.id } }));
  }

  private async tellCoordinator(
    approval: ApprovalForPage,
    decision: {
      outcome: 'approved' | 'returned';
      comments: string | null;
      decidedAt: Date;
      version: { number: number; sha256: string } | null;
    },
  ): Promise<void> {
    const { annualReturn } = approval;
    const { partnership } = annualReturn;
    await this.outbox.deliverOnce({
      idempotencyKey: `annual-return/${annualReturn.id}/approval/${approval.id}/decision`,
      kind: 'return-decision',
      to: partnership.coordinatorEmail,
      partnershipId: partnership.id,
      render: () =>
        renderEmail(returnDecisionEmail, {
          partnershipName: partnership.name,
          financialYear: annualReturn.financialYear,
          coordinatorEmail: partnership.coordinatorEmail,
          signatoryName: approval.signatoryName,
          ...decision,
          decidedAt: decision.decidedAt.toISOString(),
        }),
    });
  }

  /**
   * Starts an amendment of an approved or submitted return: back to draft, to be approved as its next
   * version with this reason. Earlier versions stay as they were.
   */
  async startAmendment(caller: Caller, id: string, input: StartAmendment): Promise<ReturnView> {
    const found = await this.returnOf(caller.partnershipId, id);
    if (found.state !== 'APPROVED' && found.state !== 'SUBMITTED')
      throw new ConflictException(
        found.state === 'DRAFT'
          ? 'This return is a draft: change it directly (an amendment is for an approved return)'
          : 'This return is awaiting approval: wait for the signatory to approve it or return it',
      );
    await this.coordinatorWrite(
      caller,
      'annual-return.amendment-started',
      { field: 'reason', message: 'An amendment was started at the same moment' },
      async (tx) => {
        await this.moveState(tx, id, ['APPROVED', 'SUBMITTED'], 'DRAFT', { amendmentReason: input.reason });
        return { before: { state: found.state }, after: { id, state: 'DRAFT', reason: input.reason } };
      },
    );
    const view = await this.view(caller.partnershipId, id);
    await this.changed(caller.partnershipId, view.financialYear);
    return view;
  }

  /** Records that the approved return's latest version was sent to the department: when, its reference, who. */
  async recordSubmission(caller: Caller, id: string, input: RecordSubmission): Promise<ReturnView> {
    const found = await this.returnOf(caller.partnershipId, id);
    if (found.state !== 'APPROVED')
      throw new ConflictException(
        found.state === 'SUBMITTED'
          ? 'This return is already recorded as sent to the department'
          : 'Only an approved return is sent to the department: this one is not approved',
      );
    const latest = await this.prisma.returnVersion.findFirstOrThrow({
      where: { returnId: id },
      orderBy: { version: 'desc' },
    });
    if (input.sentOn > londonIsoDate(new Date()))
      throw new UnprocessableEntityException(
        fieldError('sentOn', 'The day it was sent cannot be in the future'),
      );
    if (input.sentOn < londonIsoDate(latest.approvedAt))
      throw new UnprocessableEntityException(
        fieldError('sentOn', `Version ${latest.version} was approved on ${londonIsoDate(latest.approvedAt)}`),
      );
    await this.coordinatorWrite(
      caller,
      'annual-return.submitted',
      { field: 'sentOn', message: 'The submission was recorded at the same moment' },
      async (tx) => {
        await this.moveState(tx, id, ['APPROVED'], 'SUBMITTED');
        const submission = await tx.returnSubmission.create({
          data: {
            versionId: latest.id,
            sentOn: new Date(`${input.sentOn}T00:00:00Z`),
            reference: input.reference,
            recordedBy: caller.userId,
          },
        });
        return {
          before: { state: 'APPROVED' },
          after: { id, state: 'SUBMITTED', version: latest.version, submission },
        };
      },
    );
    const view = await this.view(caller.partnershipId, id);
    await this.changed(caller.partnershipId, view.financialYear);
    return view;
  }

  /** Stores the day the coordinator means to send the return by (until it is recorded as sent). */
  async setSubmissionDeadline(caller: Caller, id: string, input: SubmissionDeadline): Promise<ReturnView> {
    const found = await this.returnOf(caller.partnershipId, id);
    if (found.state === 'SUBMITTED')
      throw new ConflictException('This return is already recorded as sent to the department');
    await this.coordinatorWrite(
      caller,
      'annual-return.submission-deadline-set',
      { field: 'deadline', message: 'The deadline was set at the same moment' },
      async (tx) => ({
        before: { deadline: found.submitBy ? day(found.submitBy) : null },
        after: {
          ...(await tx.annualReturn.update({
            where: { id },
            data: { submitBy: new Date(`${input.deadline}T00:00:00Z`) },
            select: { id: true },
          })),
          deadline: input.deadline,
        },
      }),
    );
    const view = await this.view(caller.partnershipId, id);
    await this.changed(caller.partnershipId, view.financialYear);
    return view;
  }

  /**
   * Reminds the coordinator, once per step (outbox key `annual-return/<id>/submission-reminder/<step>`), that
   * the return is not yet recorded as sent to the department, and when the deadline is. 'not-needed' once it
   * is recorded as sent. For the annual-return workflow's activity.
   */
  async sendSubmissionReminder(
    returnId: string,
    step: string,
  ): Promise<'sent' | 'already-sent' | 'not-needed'> {
    const found = await this.prisma.annualReturn.findUniqueOrThrow({
      where: { id: returnId },
      include: { partnership: true, versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    if (found.state === 'SUBMITTED') return 'not-needed';
    const { partnership } = found;
    const sent = await this.outbox.deliverOnce({
      idempotencyKey: `annual-return/${returnId}/submission-reminder/${step}`,
      kind: 'return-submission-reminder',
      to: partnership.coordinatorEmail,
      partnershipId: partnership.id,
      render: () =>
        renderEmail(returnSubmissionReminderEmail, {
          partnershipName: partnership.name,
          financialYear: found.financialYear,
          coordinatorEmail: partnership.coordinatorEmail,
          state:
            found.state === 'APPROVED'
              ? 'approved'
              : found.state === 'AWAITING_APPROVAL'
                ? 'awaiting-approval'
                : 'draft',
          version: found.state === 'APPROVED' ? (found.versions[0]?.version ?? null) : null,
          deadline: found.submitBy ? day(found.submitBy) : null,
        }),
    });
    return sent.outcome;
  }

  /** Every approved version, oldest first, each with its submission when recorded. */
  async versions(partnershipId: string, id: string): Promise<ReturnVersionSummary[]> {
    await this.returnOf(partnershipId, id);
    const versions = await this.prisma.returnVersion.findMany({
      where: { returnId: id },
      include: { submission: true },
      orderBy: { version: 'asc' },
    });
    return versions.map(versionSummary);
  }

  /** One version as frozen: its content and the SHA-256 of its canonical JSON. */
  async version(
    partnershipId: string,
    id: string,
    number: number,
  ): Promise<ReturnVersionSummary & { content: FrozenReturnContent }> {
    const found = await this.versionOf(partnershipId, id, number);
    return { ...versionSummary(found), content: found.content as unknown as FrozenReturnContent };
  }

  /**
   * The workbook of a version, built from its frozen content alone (never today's figures): approved, with
   * the signatory and the snapshot hash on the cover.
   */
  async versionWorkbook(
    partnershipId: string,
    id: string,
    number: number,
    now = new Date(),
  ): Promise<{ fileName: string; content: Buffer }> {
    const found = await this.versionOf(partnershipId, id, number);
    const frozen = found.content as unknown as FrozenReturnContent;
    const content = await buildReturnWorkbook({
      ...workbookInputOf(frozen, await this.templateOf(frozen.template.id)),
      state: found.submission ? 'sent-to-department' : 'approved',
      signatory: {
        name: frozen.signatory.name,
        role: frozen.signatory.jobTitle ?? 'Signatory',
        approvedAt: frozen.approvedAt,
      },
      snapshotHash: found.sha256,
      generatedAt: now.toISOString(),
    });
    return {
      fileName: `Part4_Return_${frozen.partnership.gssCode}_${frozen.financialYear}_v${number}.xlsx`,
      content,
    };
  }

  private async versionOf(partnershipId: string, id: string, number: number): Promise<VersionWithSubmission> {
    await this.returnOf(partnershipId, id);
    const found = await this.prisma.returnVersion.findUnique({
      where: { returnId_version: { returnId: id, version: number } },
      include: { submission: true },
    });
    if (!found) throw new NotFoundException(`The return has no version ${number}`);
    return found;
  }

  /** A coordinator's change to the return, audited as theirs in the same transaction. */
  private coordinatorWrite<T extends { id: string }>(
    caller: Caller,
    event: string,
    conflict: { field: string; message: string },
    change: (tx: Prisma.TransactionClient) => Promise<{ before?: unknown; after: T }>,
  ): Promise<T> {
    return this.writes.run(
      {
        partnershipId: caller.partnershipId,
        actor: callerActor(caller),
        event,
        entityType: 'AnnualReturn',
        conflict,
      },
      change,
    );
  }

  private async returnOf(partnershipId: string, id: string) {
    const found = await this.prisma.annualReturn.findFirst({
      where: { id, partnershipId },
      include: { partnership: true },
    });
    if (!found) throw new NotFoundException(`No annual return ${id}`);
    return found;
  }

  /** Moves the return between states, only from those given: a change at the same moment is a 409. */
  private async moveState(
    tx: Prisma.TransactionClient,
    id: string,
    from: AnnualReturn['state'][],
    to: AnnualReturn['state'],
    data: Prisma.AnnualReturnUpdateManyMutationInput = {},
  ): Promise<void> {
    const moved = await tx.annualReturn.updateMany({
      where: { id, state: { in: from } },
      data: { ...data, state: to },
    });
    if (moved.count === 0) throw new ConflictException('The return changed at the same moment: try again');
  }
}
