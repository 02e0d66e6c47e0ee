import { createHash } from 'node:crypto';
import { PrismaService } from '@waymark/db';
import { ReturnAnswers, ReturnTemplate, RuleResult } from '@waymark/return-template';
import { ReturnCellProvenance, ReturnWorkbookInput } from '@waymark/reports';
import type { FigureView, ReturnDraft } from './annual-returns.service';

/** One figure as it stood, with where it came from, and who entered it by name (Waymark for its records). */
export type ContentFigure = FigureView & { by: string };

/**
 * A return's whole content: what the signatory sees and what approval freezes. Everything the workbook
 * needs is in it (names as they were), so a frozen version's workbook never reads today's figures.
 */
export interface ReturnContent {
  returnId: string;
  financialYear: string;
  partnership: { name: string; gssCode: string };
  template: { id: string; version: number; title: string; sha256: string };
  figures: ContentFigure[];
  results: RuleResult[];
  explanations: Record<string, { text: string; givenBy: string; by: string; at: string }>;
  problems: ReturnDraft['problems'];
}

/** The JSON of a value with every object's keys sorted and no spaces: the same content, the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the content's canonical JSON. */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/** Who entered a figure or wrote an explanation, by name: a user, a contact, or Waymark itself. */
async function namesOf(prisma: PrismaService, partnershipId: string): Promise<(id: string) => string> {
  const [users, contacts] = await Promise.all([
    prisma.user.findMany({ where: { partnershipId }, select: { id: true, name: true } }),
    prisma.contact.findMany({ where: { partnershipId }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...users, ...contacts].map((p) => [p.id, p.name]));
  return (id) => (id === 'waymark' ? 'Waymark' : (names.get(id) ?? id));
}

/** The return's content as it stands now, from its draft: what approval would freeze. */
export async function returnContent(
  prisma: PrismaService,
  partnershipId: string,
  draft: ReturnDraft,
): Promise<ReturnContent> {
  const [partnership, who] = await Promise.all([
    prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId } }),
    namesOf(prisma, partnershipId),
  ]);
  const content: ReturnContent = {
    returnId: draft.id,
    financialYear: draft.financialYear,
    partnership: { name: partnership.name, gssCode: partnership.gssCode },
    template: draft.template,
    figures: draft.figures.map((figure) => ({ ...figure, by: who(figure.enteredBy) })),
    results: draft.results,
    explanations: Object.fromEntries(
      Object.entries(draft.explanations).map(([key, e]) => [key, { ...e, by: who(e.givenBy) }]),
    ),
    problems: draft.problems,
  };
  // As JSON keeps it: what is hashed is exactly what is stored and read back.
  return JSON.parse(JSON.stringify(content)) as ReturnContent;
}

/** Figures (each cell's latest) as answers, by question and cell. */
export function figureAnswers(
  figures: { questionKey: string; cellKey: string; value: unknown }[],
): ReturnAnswers {
  const answers: ReturnAnswers = {};
  for (const figure of figures)
    (answers[figure.questionKey] ??= {})[figure.cellKey] = figure.value as ReturnAnswers[string][string];
  return answers;
}

/** The workbook's input from a content (its state, signatory and hash are the caller's to add). */
export function workbookInputOf(
  content: ReturnContent,
  template: ReturnTemplate,
): Omit<ReturnWorkbookInput, 'state' | 'generatedAt'> {
  const provenance: Record<string, Record<string, ReturnCellProvenance>> = {};
  const notes: Record<string, string> = {};
  for (const figure of content.figures) {
    (provenance[figure.questionKey] ??= {})[figure.cellKey] = {
      source: figure.source as ReturnCellProvenance['source'],
      by: figure.by,
      at: figure.at,
    };
    if (figure.note) notes[figure.questionKey] = figure.note;
  }
  return {
    partnership: content.partnership,
    financialYear: content.financialYear,
    template,
    templateVersion: { version: content.template.version, sha256: content.template.sha256 },
    answers: figureAnswers(content.figures),
    provenance,
    results: content.results,
    explanations: Object.fromEntries(Object.entries(content.explanations).map(([key, e]) => [key, e.text])),
    notes,
  };
}
