import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Type,
} from '@nestjs/common';
import { Caller, CurrentCaller } from '@waymark/access';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Page } from '@waymark/db';
import { AdminApi } from './caller';

/**
 * What a family's service offers, every method scoped by the caller's partnership first; writes take the
 * caller, whom their audit events name.
 */
export interface AdminOperations<C, U, L, R> {
  create(caller: Caller, input: C): Promise<R>;
  get(partnershipId: string, id: string): Promise<R>;
  update(caller: Caller, id: string, input: U): Promise<R>;
  archive(caller: Caller, id: string): Promise<R>;
  list(partnershipId: string, query: L): Promise<Page<R>>;
}

export interface AdminFamily<S, CS extends z.ZodType, US extends z.ZodType, LS extends z.ZodType, R> {
  /** URL segment under /api, e.g. "organisations". */
  path: string;
  /** Singular, capitalised: names the OpenAPI schemas, e.g. "Organisation". */
  noun: string;
  service: Type<S>;
  create: CS;
  update: US;
  list: LS;
  operations: (service: S) => AdminOperations<z.output<CS>, z.output<US>, z.output<LS>, R>;
}

/** Names a class built in a factory, so that each family's OpenAPI schemas and controller keep their own name. */
export function named<T extends object>(target: T, name: string): T {
  return Object.defineProperty(target, 'name', { value: name });
}

/**
 * The admin routes of one family: `POST /api/<path>`, `GET /api/<path>` (filters, sort, cursor),
 * `GET|PATCH /api/<path>/:id` and `POST /api/<path>/:id/archive`. Bodies and queries are checked by the
 * family's zod contracts; another partnership's record is a 404.
 */
export function adminController<S, CS extends z.ZodType, US extends z.ZodType, LS extends z.ZodType, R>(
  family: AdminFamily<S, CS, US, LS, R>,
): Type<unknown> {
  const { noun } = family;
  const dto = (schema: z.ZodType) => createZodDto(schema as z.ZodType<object>);
  class CreateBody extends dto(family.create) {}
  class UpdateBody extends dto(family.update) {}
  class ListQuery extends dto(family.list) {}
  named(CreateBody, `Create${noun}Dto`);
  named(UpdateBody, `Update${noun}Dto`);
  named(ListQuery, `List${noun}QueryDto`);

  @AdminApi(family.path)
  @Controller(`api/${family.path}`)
  class FamilyController {
    private readonly operations: AdminOperations<z.output<CS>, z.output<US>, z.output<LS>, R>;

    constructor(@Inject(family.service) service: S) {
      this.operations = family.operations(service);
    }

    @Post()
    @HttpCode(201)
    @ApiCreatedResponse({ description: `The ${noun.toLowerCase()} as created` })
    create(@CurrentCaller() caller: Caller, @Body() body: CreateBody): Promise<R> {
      return this.operations.create(caller, body as z.output<CS>);
    }

    @Get()
    @ApiOkResponse({ description: '{ items, nextCursor }: nextCursor is null on the last page' })
    list(@CurrentCaller() caller: Caller, @Query() query: ListQuery): Promise<Page<R>> {
      return this.operations.list(caller.partnershipId, query as z.output<LS>);
    }

    @Get(':id')
    @ApiOkResponse({ description: `The ${noun.toLowerCase()}` })
    get(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<R> {
      return this.operations.get(caller.partnershipId, id);
    }

    @Patch(':id')
    @ApiOkResponse({ description: `The ${noun.toLowerCase()} as changed; fields left out keep their value` })
    update(
      @CurrentCaller() caller: Caller,
      @Param('id', new ParseUUIDPipe()) id: string,
      @Body() body: UpdateBody,
    ): Promise<R> {
      return this.operations.update(caller, id, body as z.output<US>);
    }

    @Post(':id/archive')
    @HttpCode(200)
    @ApiOkResponse({ description: `The ${noun.toLowerCase()}, archived (hidden from lists, kept)` })
    archive(@CurrentCaller() caller: Caller, @Param('id', new ParseUUIDPipe()) id: string): Promise<R> {
      return this.operations.archive(caller, id);
    }
  }
  return named(FamilyController, `${noun}AdminController`);
}
