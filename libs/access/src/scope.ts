import { Injectable, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { PrismaService } from '@waymark/db';
import { Caller } from './caller';

/** Records an admin route may name by ID; each belongs to exactly one partnership. */
export type Owned =
  | 'action'
  | 'strategy'
  | 'board'
  | 'kpi'
  | 'partnership'
  | 'inboundMessage'
  | 'evidence'
  | 'annualReturn'
  | 'returnTemplate'
  | 'strategyReview';

/** Where the route names a record: a path parameter, a query parameter or a JSON body field. */
export interface OwnedRef {
  kind: Owned;
  in: 'params' | 'query' | 'body';
  name: string;
}

export const OWNS_KEY = 'waymark:owns';

/**
 * The route names a record that must be the caller's partnership's: the AccessGuard answers 404
 * otherwise, before validation and before the handler runs. Stack one per ID the route takes; an
 * absent optional body field is not checked (a malformed ID is left to the validation pipe: 400).
 */
export function Owns(kind: Owned, where: OwnedRef['in'], name: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    const refs: OwnedRef[] = Reflect.getMetadata(OWNS_KEY, descriptor.value as object) ?? [];
    Reflect.defineMetadata(OWNS_KEY, [...refs, { kind, in: where, name }], descriptor.value as object);
    return descriptor;
  };
}

const uuid = z.uuid();

/**
 * Partnership scoping: a caller sees only their own partnership's records. Another partnership's
 * record answers 404 exactly as a missing one does, so IDs cannot be probed.
 */
@Injectable()
export class Scope {
  constructor(private readonly prisma: PrismaService) {}

  /** Checks every record the request names by an `@Owns` route's refs. */
  async check(
    caller: Caller,
    refs: OwnedRef[],
    request: Partial<Record<OwnedRef['in'], unknown>>,
  ): Promise<void> {
    for (const ref of refs) {
      const id = (request[ref.in] as Record<string, unknown> | undefined)?.[ref.name];
      if (uuid.safeParse(id).success) await this.own(caller, ref.kind, id as string);
    }
  }

  /** Throws 404 unless the record exists and belongs to the caller's partnership. */
  async own(caller: Caller, kind: Owned, id: string): Promise<void> {
    if (!(await this.belongs(caller.partnershipId, kind, id)))
      throw new NotFoundException(`No ${kind} ${id}`);
  }

  private async belongs(partnershipId: string, kind: Owned, id: string): Promise<boolean> {
    const where = { id, partnershipId };
    switch (kind) {
      case 'partnership':
        return id === partnershipId;
      case 'action':
        return (await this.prisma.action.count({ where })) > 0;
      case 'strategy':
        return (await this.prisma.strategy.count({ where })) > 0;
      case 'board':
        return (await this.prisma.board.count({ where })) > 0;
      case 'kpi':
        return (await this.prisma.kpi.count({ where })) > 0;
      case 'inboundMessage':
        return (await this.prisma.inboundMessage.count({ where })) > 0;
      case 'evidence':
        return (await this.prisma.evidence.count({ where })) > 0;
      case 'annualReturn':
        return (await this.prisma.annualReturn.count({ where })) > 0;
      case 'returnTemplate':
        return (await this.prisma.returnTemplateVersion.count({ where })) > 0;
      case 'strategyReview':
        return (await this.prisma.strategyReview.count({ where })) > 0;
    }
  }
}
