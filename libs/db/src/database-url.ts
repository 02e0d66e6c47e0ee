// Small helpers over postgresql:// connection strings. Error messages name the server, never the password.

interface ParsedDatabaseUrl {
  host: string;
  port: string;
  database: string;
}

function parse(url: string): ParsedDatabaseUrl | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') return undefined;
  // A Unix-socket directory may be given as ?host=/var/run/postgresql with an empty authority.
  const host = u.hostname || u.searchParams.get('host') || 'localhost';
  return {
    host: host.startsWith('[') ? host : host.includes(':') ? `[${host}]` : host,
    port: u.port || u.searchParams.get('port') || '5432',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
  };
}

/** "host:port", for "cannot reach PostgreSQL at …" messages. */
export function databaseHostPort(url: string): string {
  const parsed = parse(url);
  return parsed ? `${parsed.host}:${parsed.port}` : '(unparseable DATABASE_URL)';
}

/** "host:port/database", without credentials. */
export function describeDatabaseUrl(url: string): string {
  const parsed = parse(url);
  if (!parsed) return '(unparseable DATABASE_URL)';
  return `${parsed.host}:${parsed.port}/${parsed.database || '(default database)'}`;
}

/** The database name in the URL ("" when the URL names none). */
export function databaseName(url: string): string {
  return parse(url)?.database ?? '';
}

/** The same server and credentials, another database. */
export function databaseUrlWithName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
