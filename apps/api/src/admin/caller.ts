import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/** Documents how a route identifies its caller. */
export const ApiCaller = () => ApiBearerAuth();

/** An admin API controller: its OpenAPI tag, and how the caller is identified. */
export const AdminApi = (tag: string) => applyDecorators(ApiTags(tag), ApiCaller());
