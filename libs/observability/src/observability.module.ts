import {
  DynamicModule,
  INestApplicationContext,
  Injectable,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { WaymarkConfig } from '@waymark/config';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import { ProcessRole, createRootLogger, httpLoggerOptions } from './logging';
import { MetricsModule } from './metrics';
import { flushTracing, startTracing } from './tracing';

/** The process's pino logger, or null when logs are text (LOG_FORMAT=text). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** The process's tracing (a `Tracing`), or null when OTEL_EXPORTER_OTLP_ENDPOINT is unset. */
export const TRACING = Symbol('TRACING');

@Injectable()
class TracingFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/**
 * Logs, metrics and tracing for one process (the API or the worker): the metrics registry, the pino logger
 * and nestjs-pino (JSON logs; its request logging applies in the API only), and the tracer provider.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: WaymarkConfig, role: ProcessRole): DynamicModule {
    const logger = config.LOG_FORMAT === 'json' ? createRootLogger(config, role) : null;
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        MetricsModule,
        ...(logger ? [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(logger) })] : []),
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        { provide: TRACING, useFactory: () => startTracing(config, role) ?? null },
        TracingFlush,
      ],
      exports: [MetricsModule, ROOT_LOGGER, TRACING],
    };
  }
}

/** In JSON, hands Nest's logging (and the lines buffered during start-up) to pino; in text, nothing to do. */
export function useWaymarkLogger(app: INestApplicationContext, config: WaymarkConfig): void {
  if (config.LOG_FORMAT === 'json') app.useLogger(app.get(PinoNestLogger));
}
