// The driver adapter the schema engine runs migrations through: @prisma/adapter-pg's PrismaPg, with three
// corrections that the schema engine needs and PrismaPg 7.10 does not provide.
//
// 1. Shadow database. PrismaPg.connectToShadowDb() creates `prisma_migrate_shadow_db_<uuid>` and then
//    connects with `{ ...config, database }`; with a connectionString config, pg lets the connection
//    string win over `database`, so the "shadow" connection is the main database. We create a
//    `waymark_shadow_<random>` database on the same server ourselves, connect to it by URL, and drop it
//    when the engine disposes it (and, at the latest, in dispose() below).
// 2. Scripts. PrismaPgAdapter.executeScript() splits the script on ";" and runs the pieces one by one on
//    whichever pooled connection is free. That breaks dollar-quoted function bodies (our AuditEvent guard)
//    and makes a migration non-atomic. We send the whole script as one simple query, as the native
//    schema engine does: PostgreSQL runs a multi-statement simple query as one implicit transaction.
// 3. The "char" type. The engine's schema describer reads pg_catalog columns of PostgreSQL's internal
//    "char" type (oid 18, e.g. pg_constraint.confdeltype); PrismaPg maps no type to oid 18 and fails with
//    "Column type 'char' could not be deserialized". We report such columns as ColumnTypeEnum.Character.
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import { Client } from 'pg';
import { databaseUrlWithName, describeDatabaseUrl } from '../database-url';

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface PgField {
  dataTypeID: number;
}
interface PgResult {
  fields: PgField[];
  rows: unknown[];
}
/** The parts of PrismaPg's queryable classes (PgQueryable) that the corrections reach into. */
interface PgQueryableInternals {
  performIO(query: SqlQuery): Promise<PgResult>;
  queryRaw(query: SqlQuery): Promise<SqlResultSet>;
  onError(error: unknown): never;
  client: { query(text: string): Promise<unknown> };
}

export interface PgMigrationAdapterFactoryOptions {
  /** Prefix of the shadow databases' names. */
  shadowPrefix?: string;
  log?: (message: string) => void;
}

/** A SqlMigrationAwareDriverAdapterFactory for the schema engine; wrap it with bindMigrationAwareSqlAdapterFactory. */
export class PgMigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName = '@prisma/adapter-pg';
  private readonly open = new Set<SqlDriverAdapter>();
  private readonly shadowDatabases = new Set<string>();

  constructor(
    private readonly databaseUrl: string,
    private readonly options: PgMigrationAdapterFactoryOptions = {},
  ) {}

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(correctAdapter(await new PrismaPg({ connectionString: this.databaseUrl }).connect()));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `${this.options.shadowPrefix ?? 'waymark_shadow'}_${randomBytes(8).toString('hex')}`;
    await this.admin(`CREATE DATABASE "${name}"`);
    this.shadowDatabases.add(name);
    this.options.log?.(`Created shadow database ${name}`);
    let adapter: SqlDriverAdapter;
    try {
      adapter = correctAdapter(
        await new PrismaPg({ connectionString: databaseUrlWithName(this.databaseUrl, name) }).connect(),
      );
    } catch (error) {
      await this.dropShadow(name);
      throw error;
    }
    const disposeAdapter = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await disposeAdapter();
      await this.dropShadow(name);
    };
    return this.track(adapter);
  }

  /** Closes every connection handed out and drops any shadow database still there. Safe to call twice. */
  async dispose(): Promise<void> {
    const adapters = [...this.open];
    this.open.clear();
    const problems: string[] = [];
    for (const adapter of adapters) {
      await adapter.dispose().catch((error: Error) => problems.push(error.message));
    }
    for (const name of [...this.shadowDatabases]) {
      await this.dropShadow(name).catch((error: Error) => problems.push(error.message));
    }
    if (problems.length > 0)
      throw new Error(`Could not clean up after the schema engine: ${problems.join('; ')}`);
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      this.open.delete(adapter);
      disposed ??= dispose();
      return disposed;
    };
    this.open.add(adapter);
    return adapter;
  }

  private async dropShadow(name: string): Promise<void> {
    if (!this.shadowDatabases.has(name)) return;
    try {
      await this.admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } catch (error) {
      // WITH (FORCE) needs PostgreSQL 13+.
      if ((error as { code?: string }).code !== '42601') throw error;
      await this.admin(`DROP DATABASE IF EXISTS "${name}"`);
    }
    this.shadowDatabases.delete(name);
    this.options.log?.(`Dropped shadow database ${name}`);
  }

  private async admin(sql: string): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(sql);
    } catch (error) {
      const reason = (error as Error).message;
      throw Object.assign(new Error(`${sql} failed on ${describeDatabaseUrl(this.databaseUrl)}: ${reason}`), {
        code: (error as { code?: string }).code,
        cause: error,
      });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function correctAdapter<A extends SqlDriverAdapter>(adapter: A): A {
  correctQueryable(adapter);
  const internals = adapter as unknown as PgQueryableInternals;
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args: Parameters<SqlDriverAdapter['startTransaction']>) =>
    correctQueryable(await startTransaction(...args));
  return adapter;
}

function correctQueryable<Q extends SqlDriverAdapter | Transaction>(queryable: Q): Q {
  const internals = queryable as unknown as PgQueryableInternals;
  const queryRaw = Object.getPrototypeOf(queryable).queryRaw as PgQueryableInternals['queryRaw'];
  queryable.queryRaw = async (query: SqlQuery): Promise<SqlResultSet> => {
    const result = await internals.performIO(query);
    const charColumns = result.fields.flatMap((field, i) => (field.dataTypeID === PG_CHAR_OID ? [i] : []));
    if (charColumns.length === 0) return queryRaw.call(withResult(internals, result), query);
    // Let PrismaPg convert the row as text, then label the "char" columns as single characters.
    const fields = result.fields.map((field) =>
      field.dataTypeID === PG_CHAR_OID ? { ...field, dataTypeID: PG_TEXT_OID } : field,
    );
    const resultSet = await queryRaw.call(withResult(internals, { ...result, fields }), query);
    for (const i of charColumns) resultSet.columnTypes[i] = ColumnTypeEnum.Character;
    return resultSet;
  };
  return queryable;
}

/** The queryable, with performIO answering from a result already fetched. */
function withResult(queryable: PgQueryableInternals, result: PgResult): PgQueryableInternals {
  return Object.create(queryable, { performIO: { value: async () => result } }) as PgQueryableInternals;
}
