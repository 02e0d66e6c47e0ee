import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamicModule, HttpException, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule, AccessService, expiryAfterDays } from '@waymark/access';
import { AuditModule } from '@waymark/audit';
import { configSchema } from '@waymark/config';
import { createPartnershipSchema, emailAddressSchema } from '@waymark/contracts';
import { DbModule, PrismaService, Role } from '@waymark/db';
import { PartnershipsModule, PartnershipsService } from '@waymark/partnerships';
import {
  ImportReport,
  PlanFileError,
  PlanImportModule,
  PlanImportService,
  PlanMapping,
  planMappingSchema,
} from '@waymark/plan-import';
import { ProgressStream, progressReporter } from './progress';

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
}

export const USAGE = `Usage:
  waymark import <plan.xlsx|plan.csv> --strategy <id> [--dry-run] [--mapping <mapping.json>] [--json]
  waymark export --strategy <id> [--out <plan.xlsx>]
  waymark partnerships create --name <name> --gss-code <gss code> --coordinator-email <email> [--admin-email <email>]
  waymark users create --partnership <gss code> --email <email> --role <admin|coordinator|board_viewer> [--name <name>]

import   reads a council's action plan spreadsheet into the strategy: every row's outcome and every
         problem is reported; nothing is written while any row has an error, nor with --dry-run.
export   writes the strategy's action plan as an .xlsx workbook in the layout import reads.
partnerships create  sets up a council's partnership (the name, the Tier 1 council's ONS/GSS code
         and the DA coordinator's mailbox that leads write to); with --admin-email, also its first admin,
         printing their API token (else create one with users create).
users create  adds a user to the partnership and prints an API token for them (shown once only):
         how the first admin is bootstrapped.

DATABASE_URL names the PostgreSQL database (postgresql://user:password@host:port/database).`;

/** A usage or configuration mistake: exit code 2, with the usage. */
class UsageError extends Error {}

@Module({})
class CliModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        DbModule.forRoot({ databaseUrl }),
        AuditModule,
        PlanImportModule,
        AccessModule,
        PartnershipsModule,
      ],
    };
  }
}

/** Runs one waymark command; returns the process exit code (0 done, 1 refused or failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let app: INestApplicationContext | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        strategy: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        mapping: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        partnership: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'gss-code': { type: 'string' },
        'coordinator-email': { type: 'string' },
        'admin-email': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, file, ...extra] = positionals;
    if (values.help || !command) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? 0 : 2;
    }
    if (command === 'partnerships') {
      if (file !== 'create' || extra.length > 0)
        throw new UsageError('The partnerships command is: waymark partnerships create …');
      return await createPartnership(values, io);
    }
    if (command === 'users') {
      if (file !== 'create' || extra.length > 0)
        throw new UsageError('The users command is: waymark users create …');
      return await createUser(values, io);
    }
    if (command !== 'import' && command !== 'export') throw new UsageError(`Unknown command "${command}".`);
    if (!values.strategy) throw new UsageError('Give the strategy: --strategy <id>.');
    if (command === 'import' && !file)
      throw new UsageError('Give the plan to import: waymark import plan.xlsx …');
    if (extra.length > 0 || (command === 'export' && file))
      throw new UsageError(`Unexpected "${[file, ...extra].filter(Boolean).join(' ')}".`);
    databaseUrl(io);
    const mapping = values.mapping ? readMapping(values.mapping) : undefined;
    const content = command === 'import' ? readFileSync(file) : undefined;

    app = await openContext(io);
    const plans = app.get(PlanImportService);
    if (command === 'export') {
      const exported = await plans.exportPlan(values.strategy);
      const out = values.out ?? exported.fileName;
      writeFileSync(out, exported.content);
      io.stdout.write(`Wrote ${out}\n`);
      return 0;
    }
    const report = await plans.importPlan(null, values.strategy, content!, {
      dryRun: values['dry-run'],
      mapping,
      onProgress: progressReporter(io.stderr),
    });
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report));
    return report.dryRun ? (report.summary.errors > 0 ? 1 : 0) : report.applied ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const message =
      error instanceof HttpException
        ? String((error.getResponse() as { message?: unknown }).message ?? error.message)
        : (error as Error).message;
    // On a terminal, end the progress bar's line first.
    const newline = io.stderr.isTTY ? '\n' : '';
    const what = error instanceof PlanFileError ? 'The plan cannot be imported' : 'Failed';
    io.stderr.write(`${newline}${what}: ${message}\n`);
    return 1;
  } finally {
    await app?.close();
  }
}

async function createPartnership(
  values: { name?: string; 'gss-code'?: string; 'coordinator-email'?: string; 'admin-email'?: string },
  io: CliIo,
): Promise<number> {
  const admin =
    values['admin-email'] === undefined ? null : emailAddressSchema.safeParse(values['admin-email']);
  if (admin && !admin.success) throw new UsageError(`--admin-email: ${admin.error.issues[0].message}`);
  const given = {
    name: values.name,
    gssCode: values['gss-code'],
    coordinatorEmail: values['coordinator-email'],
  };
  const parsed = createPartnershipSchema.safeParse(given);
  if (!parsed.success) {
    const option = { name: '--name', gssCode: '--gss-code', coordinatorEmail: '--coordinator-email' };
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path[0] as keyof typeof option | undefined;
      if (!field) return issue.message;
      return `${option[field]}: ${given[field] === undefined ? 'missing' : issue.message}`;
    });
    throw new UsageError(problems.join('\n'));
  }
  const app = await openContext(io);
  try {
    const partnership = await app.get(PartnershipsService).create(parsed.data);
    io.stdout.write(
      `Created the partnership ${partnership.name} (${partnership.gssCode}, ${partnership.id}).\n`,
    );
    if (!admin?.success) {
      io.stdout.write(
        `Next, its first admin: waymark users create --partnership ${partnership.gssCode} --email <email> --role admin\n`,
      );
      return 0;
    }
    return await issueUser(app, partnership, { email: admin.data, name: admin.data, role: 'ADMIN' }, io);
  } finally {
    await app.close();
  }
}

const ROLES: Role[] = ['ADMIN', 'COORDINATOR', 'BOARD_VIEWER'];

async function createUser(
  values: { partnership?: string; email?: string; role?: string; name?: string },
  io: CliIo,
): Promise<number> {
  const role = values.role?.toUpperCase() as Role | undefined;
  if (!values.partnership) throw new UsageError('Give the partnership: --partnership <gss code>.');
  if (!values.email) throw new UsageError('Give the email: --email <email>.');
  if (!role || !ROLES.includes(role))
    throw new UsageError('Give the role: --role admin, coordinator or board_viewer.');
  const app = await openContext(io);
  try {
    const partnership = await app
      .get(PrismaService)
      .partnership.findUnique({ where: { gssCode: values.partnership } });
    if (!partnership) throw new Error(`No partnership with GSS code ${values.partnership}`);
    return await issueUser(
      app,
      partnership,
      { email: values.email, name: values.name ?? values.email, role },
      io,
    );
  } finally {
    await app.close();
  }
}

/** Adds a user to the partnership and prints an API token for them (shown once only). */
async function issueUser(
  app: INestApplicationContext,
  partnership: { id: string; name: string },
  input: { email: string; name: string; role: Role },
  io: CliIo,
): Promise<number> {
  const access = app.get(AccessService);
  const user = await access.createUser(partnership.id, input);
  const { token, expiresAt } = await access.issueToken(
    partnership.id,
    user.id,
    'cli',
    expiryAfterDays(tokenDays(io)),
  );
  io.stdout.write(
    `Created ${user.role} ${user.email} (${user.id}) in ${partnership.name}.\nAPI token (shown once only; it expires on ${expiresAt?.toISOString().slice(0, 10)}):\n${token}\n`,
  );
  return 0;
}

/** How long a token the command issues lasts: API_TOKEN_DAYS, as the API reads it. */
function tokenDays(io: CliIo): number {
  const days = configSchema.shape.API_TOKEN_DAYS.safeParse(io.env.API_TOKEN_DAYS);
  if (!days.success) throw new UsageError('API_TOKEN_DAYS must be a whole number of days from 1 to 3650.');
  return days.data;
}

function databaseUrl(io: CliIo): string {
  const url = io.env.DATABASE_URL;
  if (!url) throw new UsageError("DATABASE_URL is not set: point it at Waymark's PostgreSQL database.");
  return url;
}

function openContext(io: CliIo): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(CliModule.forRoot(databaseUrl(io)), { logger: ['error'] });
}

function readMapping(path: string): PlanMapping {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`The mapping ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = planMappingSchema.safeParse(json);
  if (!parsed.success) {
    throw new UsageError(
      `The mapping ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The report as a coordinator reads it in a terminal. */
export function describeReport(report: ImportReport): string {
  const lines = [
    `Columns read: ${report.columnsRead}`,
    '',
    report.message,
    '',
    'Rows:',
    ...report.rows.map((r) => {
      const leads = [...r.leads, ...r.unknownLeads.map((u) => `${u}?`)].join(', ');
      const due = r.dueDate.date ?? r.dueDate.text ?? '';
      return `  row ${String(r.row).padEnd(5)} ${r.outcome.padEnd(9)} ${(r.ref ?? '').padEnd(8)} ${r.title ?? ''}${leads ? `  [${leads}]` : ''}${due ? `  (${due})` : ''}${r.changes.length ? `  changes: ${r.changes.join(', ')}` : ''}`;
    }),
  ];
  if (report.problems.length > 0) {
    lines.push('', 'Problems:');
    for (const p of report.problems) {
      const where = p.row === null ? 'file' : `row ${p.row}${p.column ? ` ${p.column}` : ''}`;
      lines.push(`  ${where.padEnd(10)} ${p.severity.padEnd(7)} ${p.message}`);
    }
  }
  if (report.prioritiesCreated.length > 0) {
    lines.push(
      '',
      `New priorities: ${report.prioritiesCreated.map((p) => `${p.ref} ${p.title}`).join('; ')}`,
    );
  }
  if (report.unknownLeads.length > 0) {
    lines.push(
      '',
      `Unknown leads: ${report.unknownLeads.map((u) => `${u.name} (${u.rows.length === 1 ? 'row' : 'rows'} ${u.rows.join(', ')})`).join('; ')}`,
    );
  }
  lines.push('', report.next.message);
  if (report.applied && !report.next.startedChasing && report.next.chased > 0) {
    lines.push("The worker's housekeeping starts chasing them at its next run.");
  }
  return `${lines.join('\n')}\n`;
}
