import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { freePort } from '@waymark/devstack';
import { describeExit, spawnManaged } from '../../libs/devstack/src/process';

/** An account at the test provider: the claims it gives (`sub` is the account's id). */
export interface OidcTestAccount {
  email?: string;
  email_verified?: boolean;
  /** Microsoft Entra ID's "email domain owner verified" optional claim. */
  xms_edov?: boolean;
  name?: string;
}

export interface StartOidcProviderOptions {
  /** The redirect URI registered for the client (Waymark's callback). */
  redirectUri: string;
  /** Accounts by id: the id is what the provider's login page takes (any password). */
  accounts: Record<string, OidcTestAccount>;
  /** Put the email claims in the ID token, as Entra ID does (default: UserInfo only, as OpenID Connect says). */
  claimsInIdToken?: boolean;
}

export interface OidcProviderHandle {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET for Waymark's configuration. */
  env: Record<'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET', string>;
  /**
   * Goes through the provider's sign-in pages as a browser would (HTTP requests, its cookies kept, redirects
   * followed), starting at Waymark's authorization URL and signing in as `accountId`; gives the URL the
   * provider sends the browser back to (the redirect URI with `code` and `state`, or `error`), without
   * requesting it. `cancel` presses "cancel" instead of signing in.
   */
  signIn(authorizationUrl: string, accountId: string, options?: { cancel?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

const STARTUP_MS = 20_000;

/**
 * Starts oidc-provider (a certified OpenID Connect provider library) on a free port of 127.0.0.1, in a Node
 * process of its own (test/support/oidc-provider-server.mjs), with one confidential client registered for
 * `redirectUri` and the given accounts. Stop it with `stop()`.
 */
export async function startOidcProvider(options: StartOidcProviderOptions): Promise<OidcProviderHandle> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'waymark-console';
  const clientSecret = `secret-${randomUUID()}`;
  let ready: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const server = spawnManaged(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    exitSignal: 'SIGKILL',
    env: {
      ...process.env,
      OIDC_TEST_PROVIDER: JSON.stringify({
        issuer,
        port,
        claimsInIdToken: options.claimsInIdToken ?? false,
        client: { client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri] },
        accounts: options.accounts,
      }),
    },
    onLine: (line) => {
      if (line === 'listening') ready();
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    listening.then(() => 'up' as const),
    server.exited.then((exit) => `exited: it ${describeExit(exit)}`),
    new Promise<string>(
      (resolve) => (timer = setTimeout(() => resolve(`no answer in ${STARTUP_MS} ms`), STARTUP_MS)),
    ),
  ]);
  clearTimeout(timer);
  if (outcome !== 'up') {
    await server.stop('SIGTERM', 5_000);
    throw new Error(
      `The test OpenID provider on port ${port} did not start (${outcome}):\n${server.output.text()}`,
    );
  }
  return {
    issuer,
    clientId,
    clientSecret,
    env: { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret },
    signIn: (authorizationUrl, accountId, signInOptions = {}) =>
      signIn(issuer, options.redirectUri, authorizationUrl, accountId, signInOptions.cancel ?? false),
    async stop() {
      await server.stop('SIGTERM', 5_000);
    },
  };
}

/** A browser's cookies for one site, enough for the provider's pages: by name, session cookies only. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some(
        (a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now(),
      );
      if (expired || at === pair.length - 1) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function signIn(
  issuer: string,
  redirectUri: string,
  authorizationUrl: string,
  accountId: string,
  cancel: boolean,
): Promise<string> {
  const jar = new CookieJar();
  const request = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    jar.keep(response);
    return response;
  };
  let url = authorizationUrl;
  let response = await request(url);
  for (let step = 0; step < 10; step += 1) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      if (url.startsWith(redirectUri)) return url;
      response = await request(url);
      continue;
    }
    const page = await response.text();
    if (response.status !== 200 || !url.startsWith(`${issuer}/interaction/`))
      throw new Error(`Unexpected answer from the test provider at ${url}: ${response.status}\n${page}`);
    if (cancel) {
      response = await request(`${url}/abort`);
      continue;
    }
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (prompt !== 'login')
      throw new Error(`The test provider asked for "${String(prompt)}" at ${url}:\n${page}`);
    response = await request(url, { prompt, login: accountId, password: 'any password' });
  }
  throw new Error(`The test provider did not send the browser back to ${redirectUri} (last at ${url})`);
}
