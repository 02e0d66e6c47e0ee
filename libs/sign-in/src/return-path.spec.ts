import { consoleReturnPath } from './return-path';

describe('consoleReturnPath', () => {
  it('keeps a console page with its query', () => {
    expect(consoleReturnPath('/console/actions?rag=RED&page=2')).toBe('/console/actions?rag=RED&page=2');
    expect(consoleReturnPath('/console')).toBe('/console');
  });

  it.each([
    undefined,
    '',
    'https://evil.example.org/console',
    '//evil.example.org/console',
    '/\\evil.example.org',
    '\\\\evil.example.org',
    'javascript:alert(1)',
    '/api/actions',
    '/consoleX',
    '/console/sign-in?returnTo=/console',
    '/console/sign-out',
    ['/console/actions'],
  ])('sends %p to the overview', (value) => {
    expect(consoleReturnPath(value)).toBe('/console');
  });

  it('normalises dot segments before checking', () => {
    expect(consoleReturnPath('/console/../api/me')).toBe('/console');
  });
});
