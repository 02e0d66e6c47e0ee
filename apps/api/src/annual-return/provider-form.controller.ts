import { Body, Controller, Get, Header, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@waymark/access';
import {
  FormQuestion,
  ProviderAnswersRefused,
  ProviderRequestForForm,
  ProviderRequests,
  TypedForm,
  askedQuestions,
  cellField,
  cellFieldId,
  notRecordedField,
  readProviderForm,
  typedFromAnswers,
} from '@waymark/annual-return';
import { AnswerRecorder } from '@waymark/answers';
import type { ReturnAnswers } from '@waymark/return-template';
import { LeadPages, LeadPagesFilter } from '../lead-form/lead-pages';

/**
 * The secure link a provider's data contact follows from the return request: one form with every figure
 * asked of them for their services. No account; the token is the only credential, so pages are never
 * cached or indexed. "Save and come back later" keeps a partial answer; "Send to the council" puts the
 * figures into the return, all or nothing.
 */
@ApiExcludeController()
@Public()
@UseFilters(LeadPagesFilter)
@Controller('p/:token')
export class ProviderFormController {
  constructor(
    private readonly requests: ProviderRequests,
    private readonly answers: AnswerRecorder,
    private readonly pages: LeadPages,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token), (r) =>
      this.requests.markOpened(r.id),
    );
    if (!request) return;
    const questions = askedQuestions(request);
    const latest = (request.submissions[0]?.answers as ReturnAnswers | undefined) ?? null;
    await this.render(res, 200, request, questions, typedFromAnswers(questions, latest), {}, false);
  }

  @Post()
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    const questions = askedQuestions(request);
    const sent = body.action !== 'save';
    const { answers, typed, errors } = readProviderForm(questions, body);
    if (sent && Object.keys(errors).length === 0 && Object.keys(answers).length === 0) {
      const first = questions[0].cells[0];
      errors[cellFieldId(questions[0].key, first.key)] =
        'Give at least one figure, or tick “We do not record this”, before sending';
    }
    if (Object.keys(errors).length === 0) {
      try {
        const kept = await this.answers.recordProviderAnswers(request, answers, { channel: 'form', sent });
        if (!kept) return this.pages.linkProblem(res, 'expired');
        if (sent) return res.redirect(303, `/p/${token}/confirmation`);
        return this.render(res, 200, await this.requests.forForm(request.id), questions, typed, {}, true);
      } catch (error) {
        if (!(error instanceof ProviderAnswersRefused)) throw error;
        for (const problem of error.problems) {
          const [questionKey, cellKey = ''] = problem.field.split('.');
          errors[cellFieldId(questionKey, cellKey)] ??= problem.message;
        }
      }
    }
    await this.render(res, 400, request, questions, typed, errors, false);
  }

  @Get('confirmation')
  @Header('Cache-Control', 'no-store')
  async confirmation(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const request = await this.pages.openLink(res, this.requests.lookUp(token));
    if (!request) return;
    if (request.state !== 'ANSWERED') return res.redirect(303, `/p/${token}`);
    const latest = (request.submissions[0]?.answers ?? {}) as ReturnAnswers;
    const blanks = askedQuestions(request).reduce(
      (n, q) => n + q.cells.filter((c) => latest[q.key]?.[c.key] === undefined).length,
      0,
    );
    this.pages.send(res, 200, 'provider-return-confirmation', {
      ...(await this.pageContext(request)),
      blanks,
      formUrl: `/p/${token}`,
    });
  }

  private async render(
    res: Response,
    status: number,
    request: ProviderRequestForForm,
    questions: Array<FormQuestion & { section: string; guidance: string }>,
    typed: TypedForm,
    errors: Record<string, string>,
    saved: boolean,
  ): Promise<void> {
    const errorList = questions.flatMap((q) =>
      q.cells
        .filter((c) => errors[cellFieldId(q.key, c.key)])
        .map((c) => ({
          text: `${c.reference}${c.label ? ` (${c.label})` : ''}: ${errors[cellFieldId(q.key, c.key)]}`,
          href: `#${cellFieldId(q.key, c.key)}`,
        })),
    );
    this.pages.send(res, status, 'provider-return-form', {
      ...(await this.pageContext(request)),
      questions: questions.map((q) => ({
        ...q,
        notRecordedField: notRecordedField(q.key),
        notRecordedId: `not-recorded-${q.key}`,
        notRecorded: typed[notRecordedField(q.key)] === 'yes',
        cells: q.cells.map((c) => ({
          ...c,
          id: cellFieldId(q.key, c.key),
          field: cellField(q.key, c.key),
          typed: typed[cellField(q.key, c.key)] ?? '',
        })),
      })),
      errors,
      errorList,
      saved,
      revising: request.state === 'ANSWERED',
    });
  }

  private async pageContext(request: ProviderRequestForForm) {
    return {
      partnershipName: request.partnership.name,
      coordinatorEmail: request.partnership.coordinatorEmail,
      contactName: request.dataContact.name,
      financialYear: request.annualReturn.financialYear,
      respondBy: request.respondBy.toISOString(),
      services: await this.requests.serviceNames(request),
    };
  }
}
