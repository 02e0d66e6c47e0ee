import { allowed } from './access.guard';
import { TOKEN_PREFIX, bearerToken, generateToken, hashToken } from './tokens';
import { toProblem } from './problem.filter';
import { ConflictException, UnprocessableEntityException } from '@nestjs/common';

describe('API tokens', () => {
  it('are prefixed, 256 random bits, and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) {
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    }
  });

  it('are stored as their SHA-256', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('wmk_abc')).not.toBe(hashToken('wmk_abd'));
  });

  it('are read from a Bearer authorization header only', () => {
    expect(bearerToken('Bearer wmk_x')).toBe('wmk_x');
    expect(bearerToken('bearer  wmk_x ')).toBe('wmk_x');
    expect(bearerToken('Basic d21rOng=')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('roles', () => {
  it('let board viewers read only, and @Roles narrow a route', () => {
    expect(allowed('BOARD_VIEWER', 'GET', undefined)).toBe(true);
    expect(allowed('BOARD_VIEWER', 'POST', undefined)).toBe(false);
    expect(allowed('COORDINATOR', 'DELETE', undefined)).toBe(true);
    expect(allowed('COORDINATOR', 'GET', ['ADMIN'])).toBe(false);
    expect(allowed('ADMIN', 'POST', ['ADMIN'])).toBe(true);
  });
});

describe('problem details', () => {
  it('carry field errors services raise, and hide unknown errors', () => {
    const field = new UnprocessableEntityException({
      message: 'No such strategy',
      errors: [{ field: 'strategyId', message: 'No such strategy' }],
    });
    expect(toProblem(field)).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'No such strategy',
      errors: [{ field: 'strategyId', message: 'No such strategy' }],
    });
    expect(toProblem(new ConflictException('Taken'))).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: 'Taken',
    });
    // A body over the parser's limit, as Express's body parsers raise it (http-errors).
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      statusCode: 413,
      expose: true,
      type: 'entity.too.large',
    });
    expect(toProblem(tooLarge)).toEqual({
      type: 'about:blank',
      title: 'Payload Too Large',
      status: 413,
      detail: 'request entity too large',
    });
    expect(toProblem(new Error('password=hunter2 at db.ts:12'))).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Something went wrong; it has been logged',
    });
  });
});
