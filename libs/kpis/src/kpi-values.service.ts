import { ConflictException, Injectable, UnprocessableEntityException } from '@nestjs/common';
import type { Caller } from '@waymark/access';
import { AuditActor, AuditLog, callerActor } from '@waymark/audit';
import { kpiPeriodLabel, parseKpiPeriod } from '@waymark/calendar';
import { Prisma, PrismaService } from '@waymark/db';
import {
  type ChangedInput,
  type ComputedValue,
  type IncomingValue,
  checkValue,
  decideRevision,
} from '@waymark/kpi';
import { KpiLedger, numberOrNull, periodRecords, startsNewSeries } from './kpi-ledger';

/** One figure to record: from a coordinator through the API, or a data owner through the form. */
export interface ValueEntry {
  kpiId: string;
  periodKey: string;
  value: number | null;
  status: 'PROVISIONAL' | 'CONFIRMED';
  note: string | null;
  /** Why it changes; from a coordinator, a reason also settles a conflict between sources. */
  reason: string | null;
  settles: boolean;
  /** Defaults to the KPI's own source. */
  source: string | null;
  exceptional: boolean;
  seriesBreak: boolean;
}

export interface RecordedEntry {
  kpiId: string;
  code: string;
  periodKey: string;
  decision: 'new' | 'unchanged' | 'revision' | 'conflict';
  value: number | null;
}

export interface RecordedValues {
  entries: RecordedEntry[];
  /** The derived values this recomputed. */
  recomputed: {
    code: string;
    periodKey: string;
    decision: ComputedValue['decision'];
    value: number | null;
  }[];
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Who sends figures, and through which channel. */
export interface ValuesSource {
  actor: AuditActor;
  enteredBy: string;
  channel: 'api' | 'form' | 'email' | 'console';
  valueRequestId?: string;
}

type FieldNamer = (index: number, field: string) => string;

/** Recording and recomputing waits for the partnership's KPI lock and may take a while. */
const KPI_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

/** Thrown (and nothing written) when any figure of a submission is refused. */
export class KpiValuesRefused extends UnprocessableEntityException {
  constructor(readonly problems: FieldProblem[]) {
    super({ message: problems.map((p) => p.message).join('; '), errors: problems });
  }
}

/**
 * Records KPI values and recomputes what depends on them, in one transaction under the partnership's
 * KPI lock: every figure is checked first, and if any is refused nothing is written. Shared by the admin
 * API and the data owners' form.
 */
@Injectable()
export class KpiValuesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditLog,
  ) {}

  async record(
    partnershipId: string,
    entries: ValueEntry[],
    who: ValuesSource,
    options: {
      /** Field names for problems, e.g. (i, "value") → "item-0-value". */
      fieldName?: FieldNamer;
      /** More writes that must happen in the same transaction (e.g. marking a request answered). */
      alongside?: (tx: Prisma.TransactionClient) => Promise<void>;
    } = {},
  ): Promise<RecordedValues> {
    return this.prisma.$transaction(async (tx) => {
      const recorded = await this.recordIn(tx, partnershipId, entries, who, options.fieldName);
      await options.alongside?.(tx);
      return recorded;
    }, KPI_TRANSACTION);
  }

  /**
   * Settles a period's open conflict between sources, as a coordinator decides: keeps the accepted figure
   * (recorded again) or the conflicting one (it becomes the accepted figure, with its own source), with the
   * reason; what depends on it is recomputed. `conflictRevision` is the conflicting figure the coordinator saw:
   * if it is no longer the open conflict (settled meanwhile, or another figure arrived), nothing is written.
   */
  async settleConflict(
    caller: Caller,
    settlement: {
      kpiId: string;
      periodKey: string;
      conflictRevision: number;
      keep: 'accepted' | 'conflicting';
      reason: string;
      /** Replaces the kept figure's note (a large change on the period before needs one). */
      note?: string | null;
    },
  ): Promise<RecordedValues> {
    const { kpiId, periodKey } = settlement;
    const rows = await this.prisma.kpiValue.findMany({
      where: { kpiId, periodKey, kpi: { partnershipId: caller.partnershipId } },
    });
    const record = periodRecords(rows).get(periodKey);
    if (!record?.accepted || record.openConflict?.revision !== settlement.conflictRevision) {
      throw new ConflictException({
        message: 'This conflict has already been settled, or another figure has arrived since',
        errors: [
          {
            field: 'keep',
            message: 'This conflict has already been settled, or another figure has arrived since',
          },
        ],
      });
    }
    const kept = settlement.keep === 'accepted' ? record.accepted : record.openConflict;
    return this.record(
      caller.partnershipId,
      [
        {
          kpiId,
          periodKey,
          value: numberOrNull(kept.value),
          status: kept.status,
          note: settlement.note || kept.note,
          reason: settlement.reason,
          settles: true,
          source: kept.source,
          exceptional: kept.exceptional,
          seriesBreak: kept.seriesBreak,
        },
      ],
      { actor: callerActor(caller), enteredBy: caller.userId, channel: 'console' },
    );
  }

  /**
   * The same, inside the caller's transaction (e.g. a lead's update that carries figures): takes the
   * partnership's KPI lock, and throws KpiValuesRefused before writing anything if a figure is refused.
   */
  async recordIn(
    tx: Prisma.TransactionClient,
    partnershipId: string,
    entries: ValueEntry[],
    who: ValuesSource,
    fieldName: FieldNamer = (_index, field) => field,
  ): Promise<RecordedValues> {
    const ledger = await KpiLedger.open(tx, this.audit, partnershipId);
    const kpisById = new Map([...ledger.kpis.values()].map((k) => [k.id, k]));
    const problems: FieldProblem[] = [];
    const decided = entries.map((entry, index) => {
      const problem = (field: string, message: string): undefined => {
        problems.push({ field: fieldName(index, field), message });
      };
      const kpi = kpisById.get(entry.kpiId);
      if (!kpi) return problem('kpiId', 'No such KPI in this partnership');
      const period = parseKpiPeriod(entry.periodKey, kpi.frequency);
      if (!period)
        return problem('periodKey', `Not a period of ${kpi.code} (${kpi.frequency.toLowerCase()})`);
      // Compared with the figure before it that the series has (a year before, for a figure entered yearly);
      // a new series is not compared with what came before it.
      const newSeries = entry.seriesBreak || startsNewSeries(kpi, period.key);
      const previous = newSeries ? undefined : ledger.values.figureBefore(kpi.code, period);
      for (const p of checkValue({
        unit: kpi.unit,
        value: entry.value,
        note: entry.note,
        previous: previous ? { label: kpiPeriodLabel(previous.period), value: previous.value } : null,
        jumpTolerance: kpi.jumpTolerance.toNumber(),
      })) {
        problem(p.field, p.message);
      }
      const incoming: IncomingValue = {
        value: entry.value,
        source: entry.source ?? kpi.source ?? 'not stated',
        status: entry.status,
        note: entry.note,
        exceptional: entry.exceptional,
        seriesBreak: entry.seriesBreak,
        reason: entry.reason,
        settles: entry.settles,
      };
      const current = ledger.values.get(kpi.code, period.key);
      const decision = decideRevision(current, incoming);
      if (decision === 'needs-reason') {
        problem(
          'reason',
          `${kpi.code} already has ${current?.value ?? 'no figure'} for ${kpiPeriodLabel(period)}: say why it changes`,
        );
      }
      return { kpi, periodKey: period.key, incoming, decision };
    });
    if (problems.length > 0) throw new KpiValuesRefused(problems);

    const result: RecordedValues = { entries: [], recomputed: [] };
    const changed: ChangedInput[] = [];
    for (const item of decided) {
      if (!item) continue;
      const { kpi, periodKey, incoming, decision } = item;
      result.entries.push({
        kpiId: kpi.id,
        code: kpi.code,
        periodKey,
        decision: decision as RecordedEntry['decision'],
        value: incoming.value,
      });
      if (decision === 'unchanged' || decision === 'needs-reason') continue;
      await ledger.enter(
        {
          kpi,
          periodKey,
          decision,
          value: incoming,
          enteredBy: who.enteredBy,
          channel: who.channel,
          valueRequestId: who.valueRequestId,
        },
        who.actor,
      );
      if (decision !== 'conflict') changed.push({ kind: 'kpi', code: kpi.code, periodKey });
    }
    result.recomputed = (await ledger.recompute(changed)).map((r) => ({
      code: r.code,
      periodKey: r.periodKey,
      decision: r.decision,
      value: r.value.value,
    }));
    return result;
  }
}
