import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WaymarkConfig, runProcess } from '@waymark/config';
import { nestLoggerOptions, useWaymarkLogger } from '@waymark/observability';
import { WorkflowWorker } from './workflow-worker';
import { WorkerModule } from './worker.module';

export async function startWorker(config: WaymarkConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config),
    nestLoggerOptions(config),
  );
  useWaymarkLogger(app, config);
  return app;
}

/** Drains the Temporal worker (running activities finish), then closes the application and its database. */
export async function stopWorker(app: INestApplicationContext): Promise<void> {
  await app.get(WorkflowWorker).drain();
  await app.close();
}

if (require.main === module) {
  runProcess('worker', async (config) => {
    const app = await startWorker(config);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void stopWorker(app).then(() => process.exit(0)));
    }
  });
}
