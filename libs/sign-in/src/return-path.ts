const CONSOLE_HOME = '/console';
const BASE = 'http://waymark.invalid';

/**
 * Where to go after signing in: a console page of this site (path and query), never another origin, so a
 * crafted `returnTo` cannot send a user elsewhere with their fresh session. Anything else: the overview.
 */
export function consoleReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return CONSOLE_HOME;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return CONSOLE_HOME;
  }
  if (url.origin !== BASE) return CONSOLE_HOME;
  if (url.pathname !== CONSOLE_HOME && !url.pathname.startsWith(`${CONSOLE_HOME}/`)) return CONSOLE_HOME;
  // The sign-in pages themselves are no place to return to.
  if (
    url.pathname.startsWith(`${CONSOLE_HOME}/sign-in`) ||
    url.pathname.startsWith(`${CONSOLE_HOME}/sign-out`)
  )
    return CONSOLE_HOME;
  return url.pathname + url.search;
}
