import { DynamicModule, Global, Module } from '@nestjs/common';
import { WaymarkConfig, loadConfig } from './config.schema';

export const WAYMARK_CONFIG = Symbol('WAYMARK_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Validates the configuration while the module graph is built, so a bad value fails the start. */
  static forRoot(config: WaymarkConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: WAYMARK_CONFIG, useValue: config }],
      exports: [WAYMARK_CONFIG],
    };
  }
}
