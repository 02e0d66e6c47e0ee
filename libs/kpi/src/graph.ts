import { FREQUENCY_NAMES, type KpiFrequencyKey } from '@waymark/calendar';
import { type KpiDefinition, isAdditive } from './definition';

export class KpiGraphError extends Error {
  override readonly name = 'KpiGraphError';
}

/** Which finer frequencies can be added up into a coarser one (always exactly, for some periods). */
const ADDS_UP_TO: Record<KpiFrequencyKey, KpiFrequencyKey[]> = {
  MONTHLY: ['QUARTERLY', 'FINANCIAL_YEAR', 'ROLLING_12_MONTHS'],
  QUARTERLY: ['FINANCIAL_YEAR', 'ROLLING_12_MONTHS'],
  FINANCIAL_YEAR: [],
  ROLLING_12_MONTHS: [],
};

/**
 * The dependency graph of one partnership's KPIs: derived KPIs point at the KPIs their formulas read.
 * Building it checks every formula's inputs (they exist, their periods fit) and rejects cycles, so a
 * graph that exists can always be computed in its topological order.
 */
export class KpiGraph {
  private readonly byCode = new Map<string, KpiDefinition>();
  private readonly dependents = new Map<string, string[]>();
  private readonly referenceUsers = new Map<string, string[]>();
  /** Codes in an order where every KPI comes after its inputs. */
  readonly order: string[];
  private readonly position = new Map<string, number>();

  constructor(definitions: Iterable<KpiDefinition>) {
    for (const definition of definitions) {
      if (this.byCode.has(definition.code))
        throw new KpiGraphError(`KPI ${definition.code} is defined twice`);
      this.byCode.set(definition.code, definition);
      this.dependents.set(definition.code, []);
    }
    for (const definition of this.byCode.values()) {
      for (const input of definition.formula?.kpiCodes ?? []) {
        this.dependents.get(this.checkInput(definition, input).code)?.push(definition.code);
      }
      for (const reference of definition.formula?.referenceCodes ?? []) {
        const users = this.referenceUsers.get(reference) ?? [];
        this.referenceUsers.set(reference, [...users, definition.code]);
      }
    }
    this.order = this.topologicalOrder();
    this.order.forEach((code, index) => this.position.set(code, index));
  }

  get(code: string): KpiDefinition | undefined {
    return this.byCode.get(code);
  }

  definitions(): IterableIterator<KpiDefinition> {
    return this.byCode.values();
  }

  /** The derived KPIs whose formulas read this KPI directly. */
  dependentsOf(code: string): readonly string[] {
    return this.dependents.get(code) ?? [];
  }

  /** The derived KPIs whose formulas read this reference figure. */
  usersOfReference(code: string): readonly string[] {
    return this.referenceUsers.get(code) ?? [];
  }

  /** Topological position: inputs come before the KPIs derived from them. */
  positionOf(code: string): number {
    const position = this.position.get(code);
    if (position === undefined) throw new KpiGraphError(`No KPI ${code}`);
    return position;
  }

  private checkInput(derived: KpiDefinition, code: string): KpiDefinition {
    const input = this.byCode.get(code);
    if (!input)
      throw new KpiGraphError(`${derived.code} uses {${code}}, which is not a KPI of this partnership`);
    if (input.frequency === derived.frequency) return input;
    if (!ADDS_UP_TO[input.frequency].includes(derived.frequency)) {
      throw new KpiGraphError(
        `${derived.code} is ${FREQUENCY_NAMES[derived.frequency]} but uses ${code}, which is ` +
          `${FREQUENCY_NAMES[input.frequency]}: its values cannot make up ${FREQUENCY_NAMES[derived.frequency]} periods`,
      );
    }
    if (!isAdditive(input.unit)) {
      throw new KpiGraphError(
        `${derived.code} is ${FREQUENCY_NAMES[derived.frequency]} but uses ${code}, a ` +
          `${FREQUENCY_NAMES[input.frequency]} ${input.unit.toLowerCase().replace(/_/g, ' ')}: only counts and money add up across periods`,
      );
    }
    return input;
  }

  /** Kahn's algorithm; what is left over lies on or behind a cycle, which is reported as a path. */
  private topologicalOrder(): string[] {
    const waiting = new Map<string, number>();
    for (const definition of this.byCode.values()) {
      waiting.set(definition.code, new Set(definition.formula?.kpiCodes ?? []).size);
    }
    const ready = [...waiting].filter(([, n]) => n === 0).map(([code]) => code);
    const order: string[] = [];
    while (ready.length > 0) {
      const code = ready.pop() as string;
      order.push(code);
      for (const dependent of new Set(this.dependentsOf(code))) {
        const left = (waiting.get(dependent) as number) - 1;
        waiting.set(dependent, left);
        if (left === 0) ready.push(dependent);
      }
    }
    if (order.length < this.byCode.size) {
      throw new KpiGraphError(
        `The formulas go round in a circle: ${this.findCycle(new Set(order)).join(' → ')}`,
      );
    }
    return order;
  }

  /** A cycle among the KPIs not placed in order, e.g. [A, B, A]. */
  private findCycle(placed: ReadonlySet<string>): string[] {
    const start = [...this.byCode.keys()].find((code) => !placed.has(code)) as string;
    // Walk inputs that are themselves unplaced: every such KPI has one, so the walk must revisit a code.
    const path: string[] = [];
    let code = start;
    while (!path.includes(code)) {
      path.push(code);
      code = (this.byCode.get(code)?.formula?.kpiCodes ?? []).find((input) => !placed.has(input)) as string;
    }
    return [...path.slice(path.indexOf(code)), code];
  }
}
