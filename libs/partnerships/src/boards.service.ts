import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditedWrites, callerActor, unknownReference } from '@waymark/audit';
import {
  AddBoardMember,
  CreateBoard,
  ListBoardMembers,
  ListBoards,
  UpdateBoard,
  UpdateBoardMember,
} from '@waymark/contracts';
import { Board, BoardMember, Page, Prisma, PrismaService, paginate } from '@waymark/db';
import { boardComposition } from './board-composition';

/** The s.58 Local Partnership Board(s) and their members. Members are scoped through their board. */
@Injectable()
export class BoardsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writes: AuditedWrites,
  ) {}

  create(caller: Caller, input: CreateBoard): Promise<Board> {
    return this.writes.run(this.write(caller, 'board.created'), async (tx) => ({
      after: await tx.board.create({ data: { ...input, partnershipId: caller.partnershipId } }),
    }));
  }

  async get(partnershipId: string, id: string): Promise<Board> {
    const board = await this.prisma.board.findFirst({ where: { id, partnershipId } });
    if (!board) throw new NotFoundException(`No board ${id}`);
    return board;
  }

  async update(caller: Caller, id: string, input: UpdateBoard): Promise<Board> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.run(this.write(caller, 'board.updated'), async (tx) => ({
      before,
      after: await tx.board.update({ where: { id }, data: input }),
    }));
  }

  async archive(caller: Caller, id: string): Promise<Board> {
    const before = await this.get(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'board.archived'), before, (tx, data) =>
      tx.board.update({ where: { id }, data }),
    );
  }

  list(partnershipId: string, query: ListBoards): Promise<Page<Board>> {
    const where: Prisma.BoardWhereInput = {
      partnershipId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
    };
    return paginate((args) => this.prisma.board.findMany(args), where, query);
  }

  async addMember(caller: Caller, boardId: string, input: AddBoardMember): Promise<BoardMember> {
    const board = await this.get(caller.partnershipId, boardId);
    const contact = await this.prisma.contact.count({
      where: { id: input.contactId, partnershipId: caller.partnershipId, archivedAt: null },
    });
    if (!contact) throw unknownReference('contactId', 'contact');
    return this.writes.run(this.write(caller, 'board.member.added'), async (tx) => ({
      after: await tx.boardMember.create({ data: { ...input, boardId: board.id } }),
    }));
  }

  async getMember(partnershipId: string, id: string): Promise<BoardMember> {
    const member = await this.prisma.boardMember.findFirst({ where: { id, board: { partnershipId } } });
    if (!member) throw new NotFoundException(`No board member ${id}`);
    return member;
  }

  async updateMember(caller: Caller, id: string, input: UpdateBoardMember): Promise<BoardMember> {
    const before = await this.getMember(caller.partnershipId, id);
    return this.writes.run(this.write(caller, 'board.member.updated'), async (tx) => ({
      before,
      after: await tx.boardMember.update({ where: { id }, data: input }),
    }));
  }

  async archiveMember(caller: Caller, id: string): Promise<BoardMember> {
    const before = await this.getMember(caller.partnershipId, id);
    return this.writes.archive(this.write(caller, 'board.member.archived'), before, (tx, data) =>
      tx.boardMember.update({ where: { id }, data }),
    );
  }

  async listMembers(
    partnershipId: string,
    boardId: string,
    query: ListBoardMembers,
  ): Promise<Page<BoardMember>> {
    await this.get(partnershipId, boardId);
    const where: Prisma.BoardMemberWhereInput = {
      boardId,
      ...(query.includeArchived ? {} : { archivedAt: null }),
      ...(query.category ? { category: query.category } : {}),
    };
    return paginate((args) => this.prisma.boardMember.findMany(args), where, query);
  }

  /** The board's current members, with who they are, against the s.58 categories. */
  async composition(partnershipId: string, boardId: string) {
    const board = await this.get(partnershipId, boardId);
    const members = await this.prisma.boardMember.findMany({
      where: { boardId, archivedAt: null },
      include: {
        contact: { select: { name: true, jobTitle: true, organisation: { select: { name: true } } } },
      },
      orderBy: [{ isChair: 'desc' }, { createdAt: 'asc' }],
    });
    return { board, categories: boardComposition(members) };
  }

  private write(caller: Caller, event: string) {
    const member = event.startsWith('board.member');
    return {
      partnershipId: caller.partnershipId,
      actor: callerActor(caller),
      event,
      entityType: member ? 'BoardMember' : 'Board',
      conflict: member
        ? { field: 'contactId', message: 'That contact already sits on this board' }
        : { field: 'name', message: 'A board with these details already exists' },
    };
  }
}
