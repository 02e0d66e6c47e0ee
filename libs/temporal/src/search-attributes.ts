import { Inject, Injectable, Logger } from '@nestjs/common';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { SEARCH_ATTRIBUTE_TYPES } from '@waymark/workflows';
import { TemporalClient } from './temporal-client';

/** temporal.api.enums.v1.IndexedValueType, for the types Waymark's search attributes use. */
const INDEXED_VALUE_TYPE: Record<string, number> = { Keyword: 2, Datetime: 6 };

export interface SearchAttributesState {
  missing: string[];
  /** Registered with another type: a type cannot change, so these need a person. */
  wrongType: string[];
}

/**
 * Waymark's search attributes (WaymarkStatus, WaymarkDueDate, …) in the namespace. Without them every action
 * workflow fails to start its first task (BadSearchAttributes) and no email is ever sent, so the worker
 * checks them before it polls: it creates those missing where the server lets it, and otherwise refuses to
 * start, naming the commands to run. /health reports them.
 */
@Injectable()
export class SearchAttributes {
  private readonly logger = new Logger(SearchAttributes.name);

  constructor(
    private readonly temporal: TemporalClient,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  async state(): Promise<SearchAttributesState> {
    const { customAttributes } = await this.temporal.connection.withDeadline(Date.now() + 10_000, () =>
      this.temporal.connection.operatorService.listSearchAttributes({
        namespace: this.config.TEMPORAL_NAMESPACE,
      }),
    );
    const registered = (customAttributes ?? {}) as Record<string, number>;
    const wanted = Object.entries(SEARCH_ATTRIBUTE_TYPES);
    return {
      missing: wanted.filter(([name]) => registered[name] === undefined).map(([name]) => name),
      wrongType: wanted
        .filter(
          ([name, type]) => registered[name] !== undefined && registered[name] !== INDEXED_VALUE_TYPE[type],
        )
        .map(([name]) => name),
    };
  }

  /** Creates the missing attributes, or throws saying what to run. */
  async ensure(): Promise<void> {
    const { missing, wrongType } = await this.state();
    if (wrongType.length)
      throw new Error(
        `Temporal namespace "${this.config.TEMPORAL_NAMESPACE}" has ${wrongType.join(', ')} with another type than ` +
          `Waymark needs (${wrongType.map((n) => `${n}: ${SEARCH_ATTRIBUTE_TYPES[n]}`).join(', ')}). A search ` +
          'attribute cannot change type: remove it (temporal operator search-attribute remove) and start again.',
      );
    if (!missing.length) return;
    try {
      await this.temporal.connection.operatorService.addSearchAttributes({
        namespace: this.config.TEMPORAL_NAMESPACE,
        searchAttributes: Object.fromEntries(
          missing.map((n) => [n, INDEXED_VALUE_TYPE[SEARCH_ATTRIBUTE_TYPES[n]]]),
        ),
      });
      this.logger.log(`Created search attributes ${missing.join(', ')}`);
    } catch (error) {
      throw new Error(
        `Temporal namespace "${this.config.TEMPORAL_NAMESPACE}" lacks Waymark's search attributes ` +
          `${missing.join(', ')}, and creating them was refused (${(error as Error).message.split('\n')[0]}). ` +
          `Run, as someone allowed to:\n${this.commands(missing).join('\n')}`,
      );
    }
  }

  /** The CLI commands that create the attributes. */
  commands(names: string[]): string[] {
    return names.map(
      (name) =>
        `  temporal operator search-attribute create --address ${this.config.TEMPORAL_ADDRESS} ` +
        `--namespace ${this.config.TEMPORAL_NAMESPACE} --name ${name} --type ${SEARCH_ATTRIBUTE_TYPES[name]}`,
    );
  }
}
