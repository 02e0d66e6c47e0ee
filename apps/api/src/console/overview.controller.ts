import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Owns } from '@waymark/access';
import { ProgressService } from '@waymark/actions';
import { listStrategiesSchema } from '@waymark/contracts';
import { StrategiesService } from '@waymark/strategies';
import { ConsoleController } from './console-controller';
import { ConsolePages } from './console-pages';

/**
 * The overview: this period at a glance, by priority of a strategy and by lead organisation: the action
 * counts (each a link into the filtered action list) and where this period's requests stand.
 */
@ConsoleController()
export class OverviewController {
  constructor(
    private readonly progress: ProgressService,
    private readonly strategies: StrategiesService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  @Owns('strategy', 'query', 'strategyId')
  async show(
    @CurrentCaller() caller: Caller,
    @Query('strategyId') strategyId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const partnershipId = caller.partnershipId;
    const { items: strategies } = await this.strategies.list(
      partnershipId,
      listStrategiesSchema.parse({ order: 'desc', limit: 100 }),
    );
    const strategy = strategies.find((s) => s.id === strategyId) ?? strategies[0] ?? null;
    const byPriority = await this.progress.chaseStates(partnershipId, 'priority');
    const byOrganisation = await this.progress.chaseStates(
      partnershipId,
      'organisation',
      byPriority.periodKey ?? undefined,
    );
    const priorities = strategy ? await this.progress.byPriority(partnershipId, strategy.id) : [];
    const organisations = await this.progress.byOrganisation(partnershipId);
    this.pages.send(res, 'overview', {
      title: 'Overview',
      width: 'full',
      strategies: strategies.map((s) => ({ id: s.id, title: s.title })),
      strategy: strategy && { id: strategy.id, title: strategy.title },
      periodKey: byPriority.periodKey,
      priorities: priorities
        .filter((row) => row.total > 0 || row.priority.id)
        .map((row) => ({
          name: row.priority.ref ? `${row.priority.ref} ${row.priority.title}` : row.priority.title,
          filter: row.priority.id ? `strategyId=${strategy!.id}&priorityId=${row.priority.id}` : null,
          counts: row,
          chase: byPriority.groups.get(row.priority.id) ?? null,
        })),
      organisations: organisations
        .filter((row) => row.total > 0)
        .map((row) => ({
          name: row.organisation.name,
          filter: `leadOrganisationId=${row.organisation.id}`,
          counts: row,
          chase: byOrganisation.groups.get(row.organisation.id) ?? null,
        })),
    });
  }
}
