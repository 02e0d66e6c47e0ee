import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditActor, AuditEntry, AuditLog, callerActor } from '@waymark/audit';
import { Prisma, PrismaService, isUniqueViolation } from '@waymark/db';
import type { ContactsImportReport } from './contacts-import.contract';
import {
  ContactChanges,
  ContactExportRow,
  ContactsSheet,
  ContactsState,
  buildContactsWorkbook,
  contactChanges,
  describeContactColumns,
  readContactsSheet,
} from './contacts-sheet';
import { readPlanFile } from './plan-file';

type Db = Prisma.TransactionClient | PrismaService;
type Who = Pick<AuditEntry, 'actor' | 'channel'>;

const SYSTEM: AuditActor = { type: 'SYSTEM' };

/**
 * A partnership's contacts sheet in and out: who is asked for updates, their managers (escalations go to
 * them), and each organisation's default contact. Like the plan: a dry run, all or nothing, matched by email,
 * an audit event for every organisation and contact created or changed.
 */
@Injectable()
export class ContactsSheetService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  /** `caller` is who imports over the API; null from the command line (audited as SYSTEM). */
  async importContacts(
    caller: Caller | null,
    partnershipId: string,
    content: Buffer,
    options: { dryRun?: boolean } = {},
  ): Promise<ContactsImportReport> {
    await this.partnership(partnershipId);
    const sheet = readContactsSheet(await readPlanFile(content));
    if (options.dryRun) {
      const changes = contactChanges(sheet, await loadState(this.prisma, partnershipId));
      return report(partnershipId, sheet, changes, new Map(), { dryRun: true, applied: false });
    }
    try {
      const result = await this.prisma.$transaction(
        async (tx) => {
          const changes = contactChanges(sheet, await loadState(tx, partnershipId));
          if (changes.rows.some((r) => r.outcome === 'error'))
            return { changes, ids: new Map(), applied: false };
          const who = { actor: caller ? callerActor(caller) : SYSTEM, channel: 'import' };
          const ids = await this.apply(tx, partnershipId, changes, who);
          return { changes, ids, applied: true };
        },
        { maxWait: 10_000, timeout: 120_000 },
      );
      return report(partnershipId, sheet, result.changes, result.ids, {
        dryRun: false,
        applied: result.applied,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException(
          'The contacts were changed by someone else while the sheet was being imported. Nothing was written: import it again.',
        );
      }
      throw error;
    }
  }

  /** The partnership's contacts as an .xlsx sheet in the layout the import reads. */
  async exportContacts(partnershipId: string): Promise<{ fileName: string; content: Buffer }> {
    const partnership = await this.partnership(partnershipId);
    const contacts = await this.prisma.contact.findMany({
      where: { partnershipId, archivedAt: null },
      include: { organisation: true, manager: { select: { email: true } } },
    });
    const rows = contacts
      .sort(
        (a, b) =>
          (a.organisation ? 0 : 1) - (b.organisation ? 0 : 1) ||
          (a.organisation?.name ?? '').localeCompare(b.organisation?.name ?? '') ||
          a.name.localeCompare(b.name),
      )
      .map((c): ContactExportRow => ({
        organisation: c.organisation?.name ?? '',
        aliases: c.organisation?.aliases.join('; ') ?? '',
        name: c.name,
        email: c.email,
        jobTitle: c.jobTitle ?? '',
        managerEmail: c.manager?.email ?? '',
        roleMailbox: c.isRoleMailbox ? 'Role mailbox' : 'Person',
        isDefault: c.organisation?.defaultContactId === c.id ? 'Yes' : '',
      }));
    const content = await buildContactsWorkbook(rows);
    const fileName = `${partnership.name.replace(/[^\w .-]+/g, '').trim() || 'Partnership'} contacts.xlsx`;
    return { fileName, content };
  }

  private async partnership(id: string) {
    const partnership = await this.prisma.partnership.findUnique({ where: { id } });
    if (!partnership) throw new NotFoundException(`No partnership ${id}`);
    return partnership;
  }

  /** Writes the changes; returns each contact's id by email. */
  private async apply(
    tx: Prisma.TransactionClient,
    partnershipId: string,
    changes: ContactChanges,
    who: Who,
  ): Promise<Map<string, string>> {
    const record = (entry: Omit<AuditEntry, 'partnershipId' | 'actor' | 'channel'>) =>
      this.audit.record({ ...who, partnershipId, ...entry }, tx);
    const organisationIds: string[] = [];
    for (const o of changes.organisations) {
      organisationIds.push(
        o.existingId ??
          (await tx.organisation.create({ data: { partnershipId, name: o.name, aliases: o.aliases } })).id,
      );
    }
    const ids = new Map(
      (await tx.contact.findMany({ where: { partnershipId }, select: { id: true, email: true } })).map(
        (c) => [c.email, c.id],
      ),
    );
    const fields = (data: ContactChanges['contacts'][number]['data']) => ({
      name: data.name,
      ...(data.jobTitle !== undefined ? { jobTitle: data.jobTitle } : {}),
      ...(data.isRoleMailbox !== undefined ? { isRoleMailbox: data.isRoleMailbox } : {}),
      ...(data.organisation !== undefined
        ? { organisationId: data.organisation === null ? null : organisationIds[data.organisation] }
        : {}),
      ...(data.managerEmail !== undefined
        ? { managerId: data.managerEmail ? ids.get(data.managerEmail)! : null }
        : {}),
    });
    // New contacts first (each after a new manager), then changes to those there already.
    for (const planned of changes.contacts.filter((c) => c.kind === 'create')) {
      const contact = await tx.contact.create({
        data: { partnershipId, email: planned.email, ...fields(planned.data) },
      });
      ids.set(contact.email, contact.id);
      await record({ event: 'contact.created', entityType: 'Contact', entityId: contact.id, after: contact });
    }
    for (const planned of changes.contacts.filter((c) => c.kind === 'update')) {
      const id = planned.existingId!;
      const before = await tx.contact.findUniqueOrThrow({ where: { id } });
      const after = await tx.contact.update({
        where: { id },
        data: { ...fields(planned.data), archivedAt: null },
      });
      await record({
        event: 'contact.updated',
        entityType: 'Contact',
        entityId: id,
        before,
        after: { ...after, changes: planned.changes },
      });
    }
    for (const [index, planned] of changes.organisations.entries()) {
      if (planned.outcome === 'unchanged') continue;
      const id = organisationIds[index];
      const before = planned.existingId ? await tx.organisation.findUniqueOrThrow({ where: { id } }) : null;
      const after = await tx.organisation.update({
        where: { id },
        data: {
          aliases: planned.aliases,
          ...(planned.defaultEmail ? { defaultContactId: ids.get(planned.defaultEmail)! } : {}),
        },
      });
      await record({
        event: before ? 'organisation.updated' : 'organisation.created',
        entityType: 'Organisation',
        entityId: id,
        ...(before ? { before } : {}),
        after,
      });
    }
    return ids;
  }
}

async function loadState(db: Db, partnershipId: string): Promise<ContactsState> {
  const [organisations, contacts] = await Promise.all([
    db.organisation.findMany({
      where: { partnershipId, archivedAt: null },
      select: { id: true, name: true, aliases: true, defaultContactId: true },
    }),
    db.contact.findMany({
      where: { partnershipId },
      select: {
        id: true,
        email: true,
        name: true,
        jobTitle: true,
        organisationId: true,
        isRoleMailbox: true,
        managerId: true,
        archivedAt: true,
      },
    }),
  ]);
  return { organisations, contacts };
}

function report(
  partnershipId: string,
  sheet: ContactsSheet,
  changes: ContactChanges,
  ids: Map<string, string>,
  outcome: { dryRun: boolean; applied: boolean },
): ContactsImportReport {
  const count = (o: string) => changes.rows.filter((r) => r.outcome === o).length;
  const summary = {
    rows: changes.rows.filter((r) => r.outcome !== 'skipped').length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    errors: count('error'),
    skipped: count('skipped'),
    organisationsCreated: changes.organisations.filter((o) => o.outcome === 'created').length,
    organisationsUpdated: changes.organisations.filter((o) => o.outcome === 'updated').length,
  };
  const existing = new Map(changes.contacts.map((c) => [c.email, c.existingId]));
  const counts = `${summary.created} contact(s) to create, ${summary.updated} to update, ${summary.unchanged} unchanged; ${summary.organisationsCreated} organisation(s) to create, ${summary.organisationsUpdated} to update`;
  const message = outcome.dryRun
    ? `Dry run: ${counts}; ${summary.errors} row(s) with errors. Nothing was written.`
    : outcome.applied
      ? `Imported: ${summary.created} contact(s) created, ${summary.updated} updated, ${summary.unchanged} unchanged; ${summary.organisationsCreated} organisation(s) created, ${summary.organisationsUpdated} updated.`
      : `Nothing was imported: ${summary.errors} row(s) have errors (see problems). Correct them, or remove those rows, and import again.`;
  return {
    columnsRead: describeContactColumns(sheet),
    partnershipId,
    dryRun: outcome.dryRun,
    applied: outcome.applied,
    message,
    file: { kind: sheet.kind, sheet: sheet.sheet, headerRow: sheet.headerRow },
    summary,
    rows: changes.rows.map((r) => ({
      ...r,
      contactId: r.email ? (ids.get(r.email) ?? existing.get(r.email) ?? null) : null,
    })),
    organisations: changes.organisations.map((o) => ({
      name: o.name,
      outcome: o.outcome,
      aliasesAdded: o.aliasesAdded,
      defaultContact: o.defaultEmail,
    })),
    problems: changes.problems,
  };
}
