import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DbModule } from './db.module';
import { PrismaService } from './prisma.service';

// Nothing listens on port 1 of the loopback interface: the connection is refused at once.
const UNREACHABLE = 'postgresql://waymark:s3cret@127.0.0.1:1/waymark';

describe('PrismaService', () => {
  it('fails fast, naming host:port and not the password, when PostgreSQL is unreachable', async () => {
    const service = new PrismaService({ databaseUrl: UNREACHABLE });
    const failure = service.onModuleInit();
    await expect(failure).rejects.toThrow(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1 /);
    await expect(failure).rejects.not.toThrow(/s3cret/);
  });

  it('stops the Nest application from starting', async () => {
    await expect(
      NestFactory.createApplicationContext(DbModule.forRoot({ databaseUrl: UNREACHABLE }), {
        logger: false,
        abortOnError: false,
      }),
    ).rejects.toThrow(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
  });
});
