import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { generateToken, hashToken } from '@waymark/access';
import { PrismaClient, Role } from '@waymark/db';

export interface TestCaller {
  userId: string;
  role: Role;
  tokenId: string;
  token: string;
  /** `{ authorization: 'Bearer …' }` for supertest's `.set()`. */
  header: { authorization: string };
}

/** A user of the partnership with the role, and a bearer token for them. */
export async function createCaller(
  prisma: PrismaClient,
  partnershipId: string,
  role: Role = 'COORDINATOR',
  token: { expiresAt?: Date; revokedAt?: Date } = {},
): Promise<TestCaller> {
  const user = await prisma.user.create({
    data: {
      partnershipId,
      email: `${role.toLowerCase()}-${randomUUID()}@test.invalid`,
      name: 'Test caller',
      role,
    },
  });
  const secret = generateToken();
  const saved = await prisma.apiToken.create({
    data: { userId: user.id, name: 'test', tokenHash: hashToken(secret), ...token },
  });
  return {
    userId: user.id,
    role,
    tokenId: saved.id,
    token: secret,
    header: { authorization: `Bearer ${secret}` },
  };
}

type HttpServer = Parameters<typeof request>[0];

/** supertest whose every request carries the caller's bearer token. */
export function authed(server: HttpServer, caller: TestCaller): TestAgent {
  return request.agent(server).set(caller.header);
}

/** supertest authenticated as a new user of the partnership (a coordinator unless told). */
export async function httpAs(
  waymark: { api: { getHttpServer(): HttpServer }; prisma: PrismaClient },
  partnershipId: string,
  role: Role = 'COORDINATOR',
): Promise<TestAgent> {
  return authed(waymark.api.getHttpServer(), await createCaller(waymark.prisma, partnershipId, role));
}
