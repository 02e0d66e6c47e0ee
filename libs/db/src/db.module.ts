import { DynamicModule, Global, Module } from '@nestjs/common';
import { DATABASE_URL, type DatabaseConfig } from './database-config';
import { PrismaService } from './prisma.service';

/** Provides PrismaService everywhere (global). Import once, in the root module of each app. */
@Global()
@Module({})
export class DbModule {
  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DbModule,
      global: true,
      providers: [{ provide: DATABASE_URL, useValue: config }, PrismaService],
      exports: [PrismaService, DATABASE_URL],
    };
  }
}
