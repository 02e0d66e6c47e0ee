import template2025 from '../templates/2025-26.json';
import { type ReturnTemplate, returnTemplateSchema } from './template';

/** The template Waymark ships for 2025-26, built from docs/statutory.md §1 and §5; validated when read. */
export function defaultReturnTemplate(): ReturnTemplate {
  return returnTemplateSchema.parse(template2025);
}
