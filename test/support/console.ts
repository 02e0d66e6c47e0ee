// The coordinators' console in tests: users, and signing in by the real email link (through the SMTP catcher),
// in Chromium or with supertest.
import type { Page } from 'playwright-core';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { MailCatcherHandle } from '@waymark/devstack';
import { PrismaClient, Role } from '@waymark/db';
import { TestCaller, createCaller } from './auth';
import type { RunningWaymark } from './waymark';

export interface ConsoleUser extends TestCaller {
  email: string;
}

/** What signing in needs: the running API and the catcher its mail goes to (a `waymarkSuite()`). */
export interface ConsoleHarness {
  waymark: RunningWaymark;
  catcher: MailCatcherHandle;
}

/** A user of the partnership (a coordinator unless told) who can sign in to the console. */
export async function createConsoleUser(
  prisma: PrismaClient,
  partnershipId: string,
  role: Role = 'COORDINATOR',
): Promise<ConsoleUser> {
  const caller = await createCaller(prisma, partnershipId, role);
  const { email } = await prisma.user.findUniqueOrThrow({ where: { id: caller.userId } });
  return { ...caller, email };
}

/**
 * Waits for the next sign-in email to `email` that arrived after `seen` (the ids caught before asking), and
 * returns the link in it.
 */
export async function signInLinkFor(
  harness: ConsoleHarness,
  email: string,
  seen: Set<string>,
): Promise<string> {
  const message = await harness.catcher.waitFor(
    (m) => !seen.has(m.id) && m.to.some((to) => to.toLowerCase() === email) && /^Sign in to/.test(m.subject),
    30_000,
  );
  const link = /https?:\/\/\S+\/console\/sign-in\/link\/[A-Za-z0-9_-]+/.exec(message.text ?? '')?.[0];
  if (!link) throw new Error(`No sign-in link in "${message.subject}"`);
  return link;
}

const caughtIds = (harness: ConsoleHarness) => new Set(harness.catcher.messages().map((m) => m.id));

/**
 * Signs in in the browser page the way a user does: the sign-in page, the email (from the catcher), the link,
 * Continue. Ends on the page the console opens after sign-in (`returnTo`, or the overview).
 */
export async function signInToConsole(
  page: Page,
  harness: ConsoleHarness,
  email: string,
  returnTo = '/console',
): Promise<void> {
  const seen = caughtIds(harness);
  await page.goto(`${harness.waymark.baseUrl}/console/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Work email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await page.goto(await signInLinkFor(harness, email, seen));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/console/sign-in'));
}

/** A supertest agent signed in to the console (its cookie jar keeps the session), and the session's form token. */
export interface ConsoleAgent {
  agent: TestAgent;
  /** The session's CSRF token, as every form of its pages carries it. */
  csrf: string;
}

/** Signs in with supertest by the real email link; the agent then reads pages as that user. */
export async function consoleAgent(harness: ConsoleHarness, email: string): Promise<ConsoleAgent> {
  const agent = request.agent(harness.waymark.api.getHttpServer());
  const seen = caughtIds(harness);
  await agent.post('/console/sign-in').type('form').send({ email }).expect(200);
  const link = new URL(await signInLinkFor(harness, email, seen));
  await agent.post(link.pathname).type('form').send({}).expect(303);
  return { agent, csrf: await csrfOf(agent) };
}

/** The form token on the signed-in user's account page. */
export async function csrfOf(agent: TestAgent): Promise<string> {
  const page = await agent.get('/console/account').expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('No form token on the account page');
  return token;
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every console route the API serves, as `GET /console/actions/:id` (read from Express's router). A handler is a
 * route of one method; the session middleware's routes take every method, and are left out.
 */
export function consoleRoutes(waymark: RunningWaymark): string[] {
  const express = waymark.api.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return express.router.stack.flatMap(({ route }) => {
    const methods = Object.keys(route?.methods ?? {});
    return route?.path.startsWith('/console') && methods.length === 1
      ? [`${methods[0].toUpperCase()} ${route.path}`]
      : [];
  });
}

/**
 * Keyboard only: presses Tab until the focused element's text (or label) matches `name`, or its id is `name`
 * as `#id` (a field), then returns; fails after `max` presses. Then the test presses Enter or Space as a user
 * would.
 */
export async function tabTo(page: Page, name: string | RegExp, max = 150): Promise<void> {
  const matches = ({ id, text }: { id: string; text: string }) =>
    typeof name === 'string' ? text === name || `#${id}` === name : name.test(text);
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return { id: '', text: '' };
      const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
      return { id: el.id || '', text: (label || el.getAttribute('aria-label') || el.innerText || el.value || '').trim() };
    })()`)) as { id: string; text: string };
    if (matches(focused)) return;
  }
  throw new Error(`Tabbed ${max} times without reaching ${String(name)}`);
}
