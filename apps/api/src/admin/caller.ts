import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CallerRequest } from '@waymark/access';

/**
 * The caller's partnership, from their bearer token (the AccessGuard sets the caller): the only source
 * of `partnershipId` for the admin routes, never a body, query or path parameter.
 */
export const CallerPartnership = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const caller = ctx.switchToHttp().getRequest<CallerRequest>().caller;
  if (!caller) throw new Error('CallerPartnership used on a public route');
  return caller.partnershipId;
});

/** Documents how a route identifies its caller. */
export const ApiCaller = () => ApiBearerAuth();

/** An admin API controller: its OpenAPI tag, and how the caller is identified. */
export const AdminApi = (tag: string) => applyDecorators(ApiTags(tag), ApiCaller());
