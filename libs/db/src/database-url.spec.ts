import { databaseHostPort, databaseName, databaseUrlWithName, describeDatabaseUrl } from './database-url';

describe('database URLs', () => {
  const url = 'postgresql://waymark:s3cret@db.council.example.org:6543/waymark?sslmode=require';

  it('names the server without the credentials', () => {
    expect(databaseHostPort(url)).toBe('db.council.example.org:6543');
    expect(describeDatabaseUrl(url)).toBe('db.council.example.org:6543/waymark');
    expect(describeDatabaseUrl(url)).not.toContain('s3cret');
    expect(databaseHostPort('postgres://u@127.0.0.1/x')).toBe('127.0.0.1:5432');
    expect(databaseHostPort('postgresql://u@[::1]:5433/x')).toBe('[::1]:5433');
    expect(describeDatabaseUrl('postgresql:///waymark?host=/var/run/postgresql')).toBe(
      '/var/run/postgresql:5432/waymark',
    );
    expect(databaseHostPort('not a url')).toBe('(unparseable DATABASE_URL)');
  });

  it('swaps the database, keeping server, credentials and parameters', () => {
    expect(databaseName(url)).toBe('waymark');
    expect(databaseUrlWithName(url, 'waymark_shadow_1')).toBe(
      'postgresql://waymark:s3cret@db.council.example.org:6543/waymark_shadow_1?sslmode=require',
    );
  });
});
