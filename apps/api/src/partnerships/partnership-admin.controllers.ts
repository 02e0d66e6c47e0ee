import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import {
  addBoardMemberSchema,
  createBoardSchema,
  createContactSchema,
  createOrganisationSchema,
  listBoardMembersSchema,
  listBoardsSchema,
  listContactsSchema,
  listOrganisationsSchema,
  updateBoardMemberSchema,
  updateBoardSchema,
  updateContactSchema,
  updateOrganisationSchema,
  updatePartnershipSchema,
} from '@waymark/contracts';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { BoardMember, Page, Partnership } from '@waymark/db';
import {
  BoardsService,
  ContactsService,
  OrganisationsService,
  PartnershipsService,
} from '@waymark/partnerships';
import { adminController } from '../admin/admin-controller';
import { AdminApi } from '../admin/caller';

class UpdatePartnershipDto extends createZodDto(updatePartnershipSchema) {}
class AddBoardMemberDto extends createZodDto(addBoardMemberSchema) {}
class UpdateBoardMemberDto extends createZodDto(updateBoardMemberSchema) {}
class ListBoardMembersQueryDto extends createZodDto(listBoardMembersSchema) {}

/** The caller's own partnership; no other partnership can be named. */
@AdminApi('partnership')
@Controller('api/partnership')
export class PartnershipController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOkResponse({ description: "The caller's partnership" })
  get(@CurrentCaller() caller: Caller): Promise<Partnership> {
    return this.partnerships.get(caller.partnershipId);
  }

  /** Name and coordinator email; the ONS/GSS code and the timezone are fixed. */
  @Patch()
  @ApiOkResponse({ description: 'The partnership as changed' })
  update(@CurrentCaller() caller: Caller, @Body() body: UpdatePartnershipDto): Promise<Partnership> {
    return this.partnerships.update(caller, body);
  }
}

export const OrganisationsController = adminController({
  path: 'organisations',
  noun: 'Organisation',
  service: OrganisationsService,
  create: createOrganisationSchema,
  update: updateOrganisationSchema,
  list: listOrganisationsSchema,
  operations: (service) => service,
});

export const ContactsController = adminController({
  path: 'contacts',
  noun: 'Contact',
  service: ContactsService,
  create: createContactSchema,
  update: updateContactSchema,
  list: listContactsSchema,
  operations: (service) => service,
});

export const BoardsController = adminController({
  path: 'boards',
  noun: 'Board',
  service: BoardsService,
  create: createBoardSchema,
  update: updateBoardSchema,
  list: listBoardsSchema,
  operations: (service) => service,
});

/** Who sits on a board (s.58 categories): added and listed under the board, then addressed by their own ID. */
@AdminApi('boards')
@Controller('api')
export class BoardMembersController {
  constructor(private readonly boards: BoardsService) {}

  @Post('boards/:boardId/members')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'The membership' })
  @Owns('board', 'params', 'boardId')
  add(
    @CurrentCaller() caller: Caller,
    @Param('boardId', new ParseUUIDPipe()) boardId: string,
    @Body() body: AddBoardMemberDto,
  ): Promise<BoardMember> {
    return this.boards.addMember(caller, boardId, body);
  }

  @Get('boards/:boardId/members')
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  @Owns('board', 'params', 'boardId')
  list(
    @CurrentCaller() caller: Caller,
    @Param('boardId', new ParseUUIDPipe()) boardId: string,
    @Query() query: ListBoardMembersQueryDto,
  ): Promise<Page<BoardMember>> {
    return this.boards.listMembers(caller.partnershipId, boardId, query);
  }

  @Get('board-members/:id')
  @ApiOkResponse({ description: 'The membership' })
  get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<BoardMember> {
    return this.boards.getMember(caller.partnershipId, id);
  }

  @Patch('board-members/:id')
  @ApiOkResponse({ description: 'The membership as changed' })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateBoardMemberDto,
  ): Promise<BoardMember> {
    return this.boards.updateMember(caller, id, body);
  }

  @Post('board-members/:id/archive')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The membership, archived' })
  archive(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<BoardMember> {
    return this.boards.archiveMember(caller, id);
  }
}
