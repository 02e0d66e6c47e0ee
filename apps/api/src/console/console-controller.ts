import { Controller, UseFilters, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CsrfGuard } from '@waymark/sign-in';
import { ConsolePageErrors } from './console-pages';

/**
 * A controller of console pages under `/console/<path>`: the session identifies the caller (roles and `@Owns`
 * as on the admin API), every write needs the form's CSRF token, refusals are pages, and it is not in the
 * OpenAPI document. Add the class to ConsoleModule's controllers.
 */
export const ConsoleController = (path = '') =>
  applyDecorators(
    Controller(path ? `console/${path}` : 'console'),
    ApiExcludeController(),
    UseFilters(ConsolePageErrors),
    UseGuards(CsrfGuard),
  );
