import { Controller, Get, Headers, Inject, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@waymark/access';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { WaymarkMetrics, metricsAuthorized } from '@waymark/observability';
import type { Response } from 'express';

/**
 * The API's metrics for Prometheus (docs/operations.md). Meant for the internal network: open, or with
 * METRICS_TOKEN set, for `Authorization: Bearer <METRICS_TOKEN>` only. Not part of the admin API.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: WaymarkMetrics,
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    if (!metricsAuthorized(this.config, authorization))
      throw new UnauthorizedException('/metrics needs the METRICS_TOKEN bearer token');
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
