import { Prisma } from './generated/client';
import { isDatabaseUnavailable, isUniqueViolation, uniqueViolationFields } from './prisma-errors';

function knownError(code: string, meta?: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta });
}

// What Prisma 7 reports through the pg driver adapter for a duplicate key (observed).
const adapterP2002 = knownError('P2002', {
  modelName: 'Partnership',
  driverAdapterError: {
    name: 'DriverAdapterError',
    cause: {
      originalCode: '23505',
      kind: 'UniqueConstraintViolation',
      constraint: { index: 'Partnership_gssCode_key' },
      table: 'Partnership',
    },
  },
});

describe('isUniqueViolation', () => {
  it('recognises P2002, and which fields it concerns', () => {
    expect(isUniqueViolation(adapterP2002)).toBe(true);
    expect(isUniqueViolation(adapterP2002, 'gssCode')).toBe(true);
    expect(isUniqueViolation(adapterP2002, 'name')).toBe(false);
    expect(uniqueViolationFields(adapterP2002)).toEqual(['gssCode']);
  });

  it('reads compound keys and the older `target` form', () => {
    const compound = knownError('P2002', {
      modelName: 'UpdateRequest',
      driverAdapterError: {
        cause: { constraint: { index: 'UpdateRequest_actionId_periodKey_key' }, table: 'UpdateRequest' },
      },
    });
    expect(uniqueViolationFields(compound)).toEqual(['actionId', 'periodKey']);
    expect(uniqueViolationFields(knownError('P2002', { target: ['idempotencyKey'] }))).toEqual([
      'idempotencyKey',
    ]);
  });

  it('is false for other errors', () => {
    expect(isUniqueViolation(knownError('P2025'))).toBe(false);
    expect(isUniqueViolation(new Error('P2002'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(uniqueViolationFields(new Error('x'))).toEqual([]);
  });
});

describe('isDatabaseUnavailable', () => {
  it('recognises a server it cannot reach, a connection lost, a server shutting down', () => {
    // What Prisma 7 reports through the pg adapter with PostgreSQL stopped (observed).
    const unreachable = knownError('P1001', {
      modelName: 'Action',
      driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'DatabaseNotReachable' } },
    });
    expect(isDatabaseUnavailable(unreachable)).toBe(true);
    expect(
      isDatabaseUnavailable(
        knownError('P2010', { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        knownError('P2010', { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P01' } } }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
  });

  it('is false for what a retry would not cure', () => {
    expect(isDatabaseUnavailable(adapterP2002)).toBe(false);
    expect(isDatabaseUnavailable(knownError('P2025'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Something else'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
