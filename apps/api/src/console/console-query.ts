import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/**
 * A page's query string read with the admin API's own list schema: only the schema's fields are taken (a page
 * adds its own, such as a notice after a change), and an empty field (a filter form's "any") counts as absent.
 * Anything the schema refuses is the 400 page.
 */
export function consoleQuery<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const given = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => raw[key] !== undefined && raw[key] !== '')
      .map((key) => [key, raw[key]]),
  );
  const parsed = schema.safeParse(given);
  if (!parsed.success)
    throw new BadRequestException(
      'The page address has a filter or page that is not valid: use the links and filters on the page.',
    );
  return parsed.data;
}
