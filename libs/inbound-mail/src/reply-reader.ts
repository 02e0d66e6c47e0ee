import { Inject, Injectable } from '@nestjs/common';
import { ParsedMail } from 'mailparser';
import { askedQuestions, readCell } from '@waymark/annual-return';
import { kpiPeriod, kpiPeriodLabel } from '@waymark/calendar';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { KpiFormFigure, STATUS_LABELS, leadUpdateSchema } from '@waymark/contracts';
import { EvidenceService, PreparedEvidence, PreparedFile } from '@waymark/evidence';
import { type ReturnAnswers, mergeAnswers } from '@waymark/return-template';
import {
  EngagementAnswer,
  EngagementRequests,
  WHOLE_REPLY,
  readEngagementReply,
} from '@waymark/strategy-review';
import {
  PROVIDER_WORKBOOK_ANSWER,
  leadWorkbookColumn,
  leadWorkbookKey,
  providerWorkbookKey,
  readLeadWorkbook,
  readProviderWorkbook,
} from '@waymark/workbooks';
import {
  LEAD_EXAMPLE,
  ReadUpdate,
  Refused,
  clean,
  engagementExample,
  kpiExample,
  notUnderstood,
} from './inbound-message';
import { OpenChase, OpenEngagementRequest, OpenKpiRequest, OpenProviderRequest } from './message-matcher';
import { AskedCell, askedCellsOf, providerExample, readProviderReply } from './provider-reply-fields';
import { replyTextOf } from './quoted-text';
import { ReadLines, readKpiReply, readLeadReply } from './reply-fields';

type Attachment = { fileName: string; content: Buffer };

/** What a lead's reply says: an update per action (from its text or its workbook) and the evidence attached. */
export interface ChaseReplyReading {
  updates: ReadUpdate[];
  evidence: PreparedEvidence;
  /** The field lines kept with the message (InboundMessage.fields), by action. */
  fields: Record<string, ReadLines>;
  /** True when the text was read from below the quoted email (nothing above it could be read). */
  belowQuote: boolean;
}

/** What a data owner's reply says: a figure per KPI asked. */
export interface KpiReplyReading {
  figures: KpiFormFigure[];
  /** The field lines kept with the message (InboundMessage.fields). */
  lines: ReadLines;
  /** The codes of the KPIs asked, in the request's order. */
  codes: string[];
  /** What a "could not read" answer shows. */
  example: string[];
  /** True when the figures were read from below the quoted email (nothing above it could be read). */
  belowQuote: boolean;
}

/** What a provider's reply says: the figures given, by question and cell. */
export interface ProviderReplyReading {
  answers: ReturnAnswers;
  /** The figures as recorded, by reference (InboundMessage.fields). */
  lines: ReadLines;
  asked: AskedCell[];
  /** What a "could not read" answer shows. */
  example: string[];
  /** 'workbook' when the provider's workbook was attached (its figures, and any in the text). */
  channel: 'email' | 'workbook';
  /** True when figures in the text were read from below the quoted email (nothing above it could be read). */
  belowQuote: boolean;
}

/** What an engagement contact's reply says: answers by question, or the whole reply as one response. */
export interface EngagementReplyReading {
  answers: EngagementAnswer[];
  /** The attachments, checked as evidence is. */
  files: PreparedFile[];
  /** The answers were read from below the quoted email. */
  belowQuote: boolean;
  /** Which questions were answered (InboundMessage.fields): never what was said, kept with the response. */
  lines: ReadLines;
}

/**
 * Reads a reply's new text (the quoted request ignored): above the quote or, when nothing there can be
 * read, between and below the quoted blocks; and the lead's workbook when one is attached, with the
 * form's validation; other attachments become evidence. Anything that cannot be read refuses the whole
 * reply (Refused, NOT_UNDERSTOOD) with every problem found.
 */
@Injectable()
export class ReplyReader {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly engagementRequests: EngagementRequests,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  async readChaseReply(parsed: ParsedMail, chase: OpenChase): Promise<ChaseReplyReading> {
    const refs = chase.requests.map((r) => r.action.ref);
    const workbook = await this.workbookIn(attachmentsOf(parsed), chase.id, chase.requests);
    const { reading, belowQuote } = readAboveOrBelow(textOf(parsed), (text) => readLeadReply(text, refs));
    // The workbook wins for the actions it covers; the text is read for the others, and ignored when
    // it cannot be read (its text is usually "please find attached").
    const textUpdates: ReadUpdate[] = !reading.ok
      ? []
      : reading.updates
          .filter((u) => !workbook?.updates.some((w) => w.ref === u.ref))
          .map((u) => ({ ...u, channel: 'EMAIL_REPLY' }));
    const updates = [...(workbook?.updates ?? []), ...textUpdates];
    const files = this.evidenceOf(workbook ? workbook.others : attachmentsOf(parsed));
    const readProblems = workbook
      ? workbook.problems.length === 0 && updates.length === 0
        ? ['The attached workbook has no rows filled in']
        : workbook.problems
      : reading.ok
        ? []
        : reading.problems;
    const problems = [...readProblems, ...files.problems];
    if (problems.length) {
      throw new Refused({
        outcome: 'NOT_UNDERSTOOD',
        problems,
        example: workbook ? [] : LEAD_EXAMPLE(refs[0]),
        fields: reading.ok ? linesOf(updates) : reading.lines,
      });
    }
    return {
      updates,
      evidence: files.accepted,
      fields: linesOf(updates),
      belowQuote: belowQuote && textUpdates.length > 0,
    };
  }

  readKpiReply(parsed: ParsedMail, { request }: OpenKpiRequest): KpiReplyReading {
    const asked = request.items.map((item) => ({
      code: item.kpi.code,
      name: item.kpi.name,
      periodLabel: kpiPeriodLabel(kpiPeriod(item.periodKey, item.kpi.frequency)),
    }));
    const { reading, belowQuote } = readAboveOrBelow(textOf(parsed), (text) => readKpiReply(text, asked));
    const codes = asked.map((a) => a.code);
    const example = kpiExample(codes);
    if (!reading.ok) throw notUnderstood(reading.problems, example, reading.lines);
    return { figures: reading.figures, lines: reading.lines, codes, example, belowQuote };
  }

  async readProviderReply(parsed: ParsedMail, request: OpenProviderRequest): Promise<ProviderReplyReading> {
    const asked = askedCellsOf(askedQuestions(request));
    const { reading, belowQuote } = readAboveOrBelow(textOf(parsed), (text) =>
      readProviderReply(text, asked),
    );
    const example = providerExample(asked);
    const workbook = await this.providerWorkbookIn(attachmentsOf(parsed), request.id, asked);
    if (!workbook) {
      if (!reading.ok) throw notUnderstood(reading.problems, example, reading.lines);
      return { answers: reading.answers, lines: reading.lines, asked, example, channel: 'email', belowQuote };
    }
    // The workbook wins for the cells it gives; the text is read for the others, and ignored when it
    // cannot be read (its text is usually "please find attached").
    const text = reading.ok ? reading : { answers: {}, lines: {} };
    const lines = { ...text.lines, ...workbook.lines };
    const problems =
      workbook.problems.length === 0 && Object.keys(lines).length === 0
        ? ['The attached workbook has no figures filled in']
        : workbook.problems;
    if (problems.length) throw notUnderstood(problems, [], lines);
    const answers = mergeAnswers(text.answers, workbook.answers);
    const fromText = Object.keys(text.lines).some((reference) => !(reference in workbook.lines));
    return { answers, lines, asked, example, channel: 'workbook', belowQuote: belowQuote && fromText };
  }

  /**
   * An engagement contact's reply: answers by the questions' numbers, or the whole new text as one response.
   * Refused when it has no new text (an empty reply, or only the quoted request).
   */
  readEngagementReply(parsed: ParsedMail, request: OpenEngagementRequest): EngagementReplyReading {
    const questions = this.engagementRequests.questionsOf(request);
    const { reading, belowQuote } = readAboveOrBelow(textOf(parsed), (text) => {
      const read = readEngagementReply(text, questions);
      return { ok: read.length > 0, answers: read };
    });
    const { answers } = reading;
    const files = this.evidenceOf(attachmentsOf(parsed));
    const lines: ReadLines = Object.fromEntries(
      answers.map((a) => {
        const number = questions.indexOf(a.question) + 1;
        return [number > 0 ? `Question ${number}` : WHOLE_REPLY, 'answered'];
      }),
    );
    if (files.accepted.files.length) lines.Files = String(files.accepted.files.length);
    const problems = [
      ...(answers.length || files.accepted.files.length
        ? []
        : ['The reply has no answer: nothing is written apart from the quoted email']),
      ...files.problems,
    ];
    if (problems.length) throw notUnderstood(problems, engagementExample(questions), lines);
    return { answers, files: files.accepted.files, lines, belowQuote: belowQuote && answers.length > 0 };
  }

  /** Attachments become evidence. */
  private evidenceOf(files: Attachment[]): { accepted: PreparedEvidence; problems: string[] } {
    const prepared = this.evidence.prepare({ files });
    return { accepted: prepared.accepted, problems: prepared.problems.map((p) => clean(`${p.message}.`)) };
  }

  /**
   * The lead's own workbook among the attachments, if one is there: its filled rows, each matched to one
   * of this chase's requests by its key and checked with the form's schema, or every problem by row
   * and column. Null when no attachment is our workbook; the others stay attachments (evidence).
   */
  private async workbookIn(
    attachments: Attachment[],
    chaseId: string,
    requests: Array<{ id: string; action: { ref: string } }>,
  ): Promise<{ updates: ReadUpdate[]; problems: string[]; others: Attachment[] } | null> {
    const updates: ReadUpdate[] = [];
    const problems: string[] = [];
    const others: Attachment[] = [];
    let found = false;
    for (const file of attachments) {
      const reading = await readLeadWorkbook(file.content);
      if (reading.kind === 'not-ours') {
        others.push(file);
        continue;
      }
      found = true;
      if (reading.kind === 'unreadable') {
        problems.push(clean(`${file.fileName}: ${reading.problem}`));
        continue;
      }
      for (const row of reading.rows) {
        const at = `${clean(file.fileName)}, row ${row.rowNumber}`;
        const request = requests.find(
          (r) => leadWorkbookKey(this.config.LINK_SECRET, chaseId, r.id) === row.key,
        );
        if (!request) {
          problems.push(
            `${at}: this row is not from the workbook sent with this request (it may be another period's, or changed). Fill in the workbook attached to the request email`,
          );
          continue;
        }
        const ref = request.action.ref;
        if (updates.some((u) => u.ref === ref)) {
          problems.push(`${at} (${ref}): this action is answered twice`);
          continue;
        }
        const result = leadUpdateSchema.safeParse(row.input);
        if (!result.success) {
          for (const issue of result.error.issues)
            problems.push(
              `${at} (${ref}), ${leadWorkbookColumn(String(issue.path[0] ?? ''))}: ${issue.message}`,
            );
          continue;
        }
        // Kept with the message: the fields only, never the free text (as for text replies).
        const { status, percentComplete, proposedDueDate } = result.data;
        const lines: ReadLines = { Status: STATUS_LABELS[status] };
        if (percentComplete !== undefined) lines.Progress = `${percentComplete}%`;
        if (proposedDueDate) lines['New date'] = proposedDueDate;
        updates.push({ ref, update: result.data, lines, channel: 'SPREADSHEET' });
      }
    }
    return found ? { updates, problems, others } : null;
  }

  /**
   * The provider's workbook among the attachments, if one is there: matched to this request by its key,
   * its filled rows read as the form reads a cell, or every problem by row and column. Null when no
   * attachment is the provider's workbook.
   */
  private async providerWorkbookIn(
    attachments: Attachment[],
    requestId: string,
    asked: readonly AskedCell[],
  ): Promise<{ answers: ReturnAnswers; lines: ReadLines; problems: string[] } | null> {
    const problems: string[] = [];
    const given: string[] = [];
    let found = false;
    for (const file of attachments) {
      const reading = await readProviderWorkbook(file.content);
      if (reading.kind === 'not-ours') continue;
      found = true;
      const name = clean(file.fileName);
      if (reading.kind === 'unreadable') {
        problems.push(`${name}: ${reading.problem}`);
        continue;
      }
      if (reading.key !== providerWorkbookKey(this.config.LINK_SECRET, requestId)) {
        problems.push(
          `${name}: this workbook is not the one sent with this request (it may be another year's or another provider's, or changed). Fill in the workbook attached to the request email`,
        );
        continue;
      }
      for (const row of reading.rows) {
        const at = `${name}, row ${row.rowNumber} (${clean(row.reference)})`;
        const cell = asked.find((c) => c.reference === row.reference);
        if (!cell) problems.push(`${at}: this figure was not asked of you`);
        else if (given.some((line) => line.startsWith(`${cell.reference}:`)))
          problems.push(`${at}: this figure is given twice`);
        else {
          const read = readCell(cell.type, row.raw);
          if (typeof read === 'string') problems.push(`${at}, ${PROVIDER_WORKBOOK_ANSWER}: ${read}`);
          else given.push(`${cell.reference}: ${row.raw.replace(/\s+/g, ' ')}`);
        }
      }
    }
    if (!found) return null;
    if (given.length === 0) return { answers: {}, lines: {}, problems };
    // The checked figures, read as a reply's lines are, so they are kept and shown the same way.
    const read = readProviderReply(given.join('\n'), asked);
    return read.ok
      ? { answers: read.answers, lines: read.lines, problems }
      : { answers: {}, lines: read.lines, problems: [...problems, ...read.problems] };
  }
}

/**
 * A reply's text read above the quoted email; when that has no answer, read between and below the quoted
 * blocks instead (a reply written below the quote). A refusal names the problems above the quote, unless
 * nothing was written there.
 */
export function readAboveOrBelow<R extends { ok: boolean }>(
  text: string,
  read: (part: string) => R,
): { reading: R; belowQuote: boolean } {
  const { above, below } = replyTextOf(text);
  const fromAbove = read(above);
  if (fromAbove.ok || !below) return { reading: fromAbove, belowQuote: false };
  const fromBelow = read(below);
  return fromBelow.ok || !above
    ? { reading: fromBelow, belowQuote: true }
    : { reading: fromAbove, belowQuote: false };
}

/** True when a recorded message's answer was read from below the quoted email (InboundMessage.recorded). */
export function readBelowQuote(message: { recorded: unknown }): boolean {
  return (message.recorded as { belowQuote?: boolean } | null)?.belowQuote === true;
}

/** Attachments; inline images (logos in signatures) are not attachments. */
function attachmentsOf(parsed: ParsedMail): Attachment[] {
  return parsed.attachments
    .filter((a) => !(a.contentDisposition === 'inline' && a.cid && a.contentType.startsWith('image/')))
    .map((a) => ({ fileName: a.filename ?? 'attachment', content: a.content }));
}

function linesOf(updates: ReadUpdate[]): Record<string, ReadLines> {
  return Object.fromEntries(updates.map((u) => [u.ref, u.lines]));
}

function textOf(parsed: ParsedMail): string {
  return clean(parsed.text ?? '');
}
