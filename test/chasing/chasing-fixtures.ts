import { randomUUID } from 'node:crypto';
import type { Agent } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { PrismaService } from '@waymark/db';
import { CaughtMessage } from '@waymark/devstack';
import { createPartnership } from '../support/fixtures';

type Fixture = Awaited<ReturnType<typeof createPartnership>>;

export async function addContact(prisma: PrismaService, f: Fixture, name: string, mailbox: string) {
  return prisma.contact.create({
    data: {
      partnershipId: f.partnership.id,
      organisationId: f.organisation.id,
      name,
      email: `${mailbox}+${randomUUID().slice(0, 8)}@example.org`,
    },
  });
}

export async function addBoardWithChair(prisma: PrismaService, f: Fixture) {
  const chair = await addContact(prisma, f, 'Chris Fictional', 'board-chair');
  const board = await prisma.board.create({
    data: { partnershipId: f.partnership.id, name: 'DA Local Partnership Board' },
  });
  await prisma.boardMember.create({
    data: {
      boardId: board.id,
      contactId: chair.id,
      role: 'Chair',
      isChair: true,
      category: 'LOCAL_AUTHORITY',
    },
  });
  return chair;
}

/** Creates an action through the admin API (so its workflow starts) and returns its ID. */
export async function createAction(
  http: TestAgent | Agent,
  f: Fixture,
  leadContactId: string,
  ref: string,
  dueDate = 'March 2027',
): Promise<string> {
  const res = await http
    .post('/api/actions')
    .send({
      strategyId: f.strategy.id,
      ref,
      title: `Action ${ref}`,
      text: `We will deliver action ${ref}.`,
      leadContactId,
      dueDate,
    })
    .expect(201);
  return res.body.id;
}

/** The secure link for each action listed in a request email, by action ref. */
export function linksIn(message: CaughtMessage): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (message.text ?? '').matchAll(/^(\S+): .*\n(?:.*\n)*?Give an update: (\S+)/gm)) {
    links[match[1]] = match[2];
  }
  return links;
}
