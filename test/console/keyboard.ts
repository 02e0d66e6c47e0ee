// Keyboard-only journeys in the console: move focus with Tab alone, as a keyboard user does.
import type { Page } from 'playwright-core';

/**
 * Presses Tab until the focused element is `name`: its text (a link or button), or `#id` (a field). Fails
 * after `max` presses.
 */
export async function tabTo(page: Page, name: string | RegExp, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const { id, text } = (await page.evaluate(
      `(() => ({ id: document.activeElement?.id ?? '', text: (document.activeElement?.textContent ?? '').trim() }))()`,
    )) as { id: string; text: string };
    const found = typeof name === 'string' ? text === name || `#${id}` === name : name.test(text);
    if (found) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}
