// Real Chromium for browser tests: the Debian package, driven by playwright-core; and axe-core's check.
import { existsSync, readFileSync } from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Launches Chromium headless; a missing Chromium fails loudly (browser tests never skip). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}

/**
 * axe-core's WCAG 2.x A and AA rules and best practices: no violation on the page as it is now. axe is added
 * as a script carrying the page's own CSP nonce, as the page's scripts are (the CSP allows no other inline
 * script).
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const script = document.createElement('script');
    script.nonce = document.querySelector('script[nonce]')?.nonce ?? '';
    script.textContent = ${JSON.stringify(AXE_SOURCE)};
    document.head.append(script);
  })()`);
  const violations = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
  expect(violations).toEqual([]);
}

/** Collects the page's Content Security Policy violations (Chromium reports each on the console). */
export function cspViolations(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) found.push(message.text());
  });
  return found;
}
