import type TestAgent from 'supertest/lib/agent';
import { allQuestions, cellKey, defaultReturnTemplate, questionCells } from '@waymark/return-template';
import { PrismaService } from '@waymark/db';
import type { CaughtMessage } from '@waymark/devstack';
import { createPartnership } from '../support/fixtures';

/**
 * Figures that pass every check of the shipped template: each cell of each question "not collected" (an
 * answer, so no mandatory question is blank, and no rule can fail), with the individuals supported given,
 * adding up (106 = 60 + 5 + 1 + 40; children 38%, within the usual share).
 */
export function approvableAnswers(total = 106): Record<string, Record<string, unknown>> {
  const template = defaultReturnTemplate();
  const answers: Record<string, Record<string, unknown>> = {};
  for (const { question } of allQuestions(template))
    for (const codes of questionCells(template, question))
      (answers[question.key] ??= {})[cellKey(codes)] = { notCollected: true };
  answers.Q04_INDIVIDUALS_TOTAL = { '': total };
  answers.Q04_INDIVIDUALS_BY_GROUP = { women: total - 46, men: 5, 'trans-adults': 1, children: 40 };
  return answers;
}

/** A partnership of its own with a board whose chair is on record, and its 2025-26 return open. */
export async function returnWithChair(
  prisma: PrismaService,
  http: (partnershipId: string) => Promise<TestAgent>,
) {
  const fixture = await createPartnership(prisma);
  const partnershipId = fixture.partnership.id;
  const board = await prisma.board.create({ data: { partnershipId, name: 'DA Local Partnership Board' } });
  const chair = await prisma.contact.create({
    data: {
      partnershipId,
      name: 'Chris Chair',
      email: `chair.${partnershipId.slice(0, 8)}@council.example.org`,
    },
  });
  await prisma.boardMember.create({
    data: { boardId: board.id, contactId: chair.id, category: 'LOCAL_AUTHORITY', isChair: true },
  });
  const agent = await http(partnershipId);
  const opened = (await agent.post('/api/returns').send({ financialYear: '2025-26' }).expect(201)).body;
  return { fixture, chair, http: agent, returnId: opened.id as string };
}

/** The sign-off link in an email, and its token. */
export function signOffLink(message: CaughtMessage): { url: string; token: string } {
  const match = /(https?:\/\/\S+\/sign-off\/([A-Za-z0-9_-]{43}))/.exec(message.text ?? '');
  if (!match) throw new Error(`No sign-off link in "${message.subject}"`);
  return { url: match[1], token: match[2] };
}
