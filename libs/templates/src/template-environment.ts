import nunjucks from 'nunjucks';

/**
 * Strict rendering: every template has a zod schema for its context, and nunjucks throws on an
 * undefined value, so a missing field is an error and never a blank email. HTML is escaped unless the
 * environment renders plain text (`autoescape: false`).
 */
export function createTemplateEnvironment(
  folders: string | string[],
  { autoescape = true }: { autoescape?: boolean } = {},
): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(folders, { noCache: false }), {
    autoescape,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('ukDate', (iso: string) => formatUkDate(iso));
  env.addFilter('partnership', (name: string) => partnershipTitle(name));
  return env;
}

const ukDateFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Thursday 31 December 2026": the GOV.UK long date (no comma), in London time. */
export function formatUkDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
  const part = Object.fromEntries(ukDateFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}`;
}

/**
 * A partnership as emails and pages name it: "Testshire Domestic Abuse Partnership" from "Testshire"; a name
 * that is a partnership's whole name already ("Sandwell Domestic Abuse Partnership", "Safer Testshire
 * Partnership") as it is.
 */
export function partnershipTitle(name: string): string {
  const trimmed = name.trim();
  return /\bpartnership$/i.test(trimmed) ? trimmed : `${trimmed} Domestic Abuse Partnership`;
}
