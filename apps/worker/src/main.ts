import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WaymarkConfig, runProcess } from '@waymark/config';
import { WorkerModule } from './worker.module';

export async function startWorker(config: WaymarkConfig) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: config.NODE_ENV === 'test' ? ['warn', 'error'] : undefined,
  });
  app.enableShutdownHooks();
  return app;
}

if (require.main === module) runProcess('worker', startWorker);
