import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as client from 'openid-client';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';
import { PrismaService, Role } from '@waymark/db';

/** Where the identity provider sends the browser back: register `PUBLIC_BASE_URL` + this as the redirect URI. */
export const OIDC_CALLBACK_PATH = '/console/sign-in/oidc/callback';
/** What Waymark asks the provider for: an ID token (`openid`), the email address, and a display name. */
export const OIDC_SCOPES = 'openid email profile';
/** How long a sign-in may take at the provider (password, MFA) before the callback is refused as expired. */
export const OIDC_ATTEMPT_MINUTES = 10;
/** How long discovery waits for the provider, in seconds. */
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** Why a sign-in through the identity provider was refused: for the audit log, and to choose the message. */
export type OidcRefusalReason =
  | 'not-configured'
  | 'provider-unavailable'
  | 'provider-error'
  | 'expired'
  | 'replayed'
  | 'state-mismatch'
  | 'nonce-mismatch'
  | 'no-email'
  | 'email-not-verified'
  | 'unknown-user'
  | 'archived-user';

const START_AGAIN = 'Go back to the sign-in page and start again.';
const ASK_ADMIN =
  'Ask a Waymark administrator in your partnership to add you, or sign in with an email link.';

/** What a console page says for each refusal: plain English, nothing a user could not act on. */
export const OIDC_REFUSAL_MESSAGES: Record<OidcRefusalReason, string> = {
  'not-configured':
    'Signing in with your council account is not set up here. Sign in with an email link instead.',
  'provider-unavailable':
    'Your council’s sign-in service is not answering at the moment. Try again in a few minutes, or sign in with an email link.',
  'provider-error': `Your council’s sign-in service did not sign you in. ${START_AGAIN}`,
  expired: `Your sign-in took too long, or was started in another browser or tab. ${START_AGAIN}`,
  replayed: `This sign-in link has already been used. ${START_AGAIN}`,
  'state-mismatch': `This sign-in did not start here, so Waymark did not accept it. ${START_AGAIN}`,
  'nonce-mismatch': `This sign-in did not start here, so Waymark did not accept it. ${START_AGAIN}`,
  'no-email':
    'Your council account did not give Waymark an email address, so Waymark cannot tell who you are. Ask your IT team to release the email claim to Waymark.',
  'email-not-verified':
    'Your council account’s email address is not verified, so Waymark cannot rely on it. Ask your IT team, or sign in with an email link.',
  'unknown-user': `There is no Waymark account for this email address. ${ASK_ADMIN}`,
  'archived-user': `There is no Waymark account for this email address. ${ASK_ADMIN}`,
};

/**
 * A sign-in through the identity provider that Waymark refused. `message` is for the person signing in;
 * `reason` and `detail` (what the provider or the check said, for the audit log and the server log; never
 * shown on a page) are for the record.
 */
export class OidcRefused extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    readonly detail?: string,
  ) {
    super(OIDC_REFUSAL_MESSAGES[reason]);
    this.name = 'OidcRefused';
  }
}

/** The start of a sign-in: send the browser to `redirectUrl`, and keep `pending` for the callback. */
export interface OidcStart {
  redirectUrl: string;
  /**
   * The sign-in's key: put it in an HTTP-only, Secure, SameSite=Lax cookie (Lax: the browser comes back from
   * the provider by a cross-site navigation, which Strict would send without it) that lasts until `expiresAt`,
   * and hand it to `finish`. Only its SHA-256 is stored.
   */
  pending: string;
  expiresAt: Date;
}

/** Who the provider says signed in, once every check passed. */
export interface OidcIdentity {
  issuer: string;
  /** The provider's stable id for the person (`sub`): for the audit log. */
  subject: string;
  /** Lower-cased. */
  email: string;
  /** Which claim vouched for the email: OpenID's `email_verified`, or Entra's `xms_edov`. */
  emailVerifiedBy: 'email_verified' | 'xms_edov';
  /** The console path `begin` was given, if it was a path on this site; otherwise null. */
  returnTo: string | null;
}

/** A Waymark user the identity matches; roles come from Waymark, never from the provider. */
export interface OidcUser {
  id: string;
  partnershipId: string;
  partnershipName: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * Sign-in to the console through the council's OpenID Connect provider (Microsoft Entra ID, typically), with
 * openid-client: discovery from `OIDC_ISSUER_URL`, the authorization code flow with PKCE (S256), `state` and
 * `nonce`, the client authenticated by `OIDC_CLIENT_SECRET`. The person is matched to Waymark users by a
 * verified email address (`verifiedEmail`); what they may do comes from those users' roles.
 *
 * What the callback is checked against is kept in PostgreSQL (`OidcSignInAttempt`), not in the browser: the
 * cookie carries only a random key, each attempt can be finished once, and an expired one is refused however
 * the cookie was kept.
 */
@Injectable()
export class OidcSignIn implements OnApplicationBootstrap {
  private readonly logger = new Logger(OidcSignIn.name);
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    @Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig,
    private readonly prisma: PrismaService,
  ) {}

  /** True when the three OIDC_ variables are set (configuration checks they come together). */
  get enabled(): boolean {
    return this.config.OIDC_ISSUER_URL !== undefined;
  }

  /** The redirect URI registered with the provider. */
  get redirectUri(): string {
    return `${this.config.PUBLIC_BASE_URL}${OIDC_CALLBACK_PATH}`;
  }

  /**
   * At start-up, asks the provider for its metadata once. A provider that does not answer does not stop
   * Waymark (leads' links, chasing and email-link sign-in do not need it): the error is logged, `/health`
   * reports it (`checkProvider`), and each sign-in asks again.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.discover();
      this.logger.log(`OpenID Connect sign-in through ${this.config.OIDC_ISSUER_URL}`);
    } catch (error) {
      this.logger.error(
        `OpenID Connect discovery failed (${(error as OidcRefused).detail}). Console sign-in through the ` +
          'identity provider fails until it answers; /health reports it.',
      );
    }
  }

  /**
   * Starts a sign-in: records the attempt and gives the provider's authorization URL. `returnTo` (a path on
   * this site, e.g. the console page that asked for sign-in) comes back from `finish`; anything else is
   * dropped. Deletes attempts past their expiry on the way.
   */
  async begin(returnTo?: string, now = new Date()): Promise<OidcStart> {
    const configuration = await this.discover();
    const pending = randomBytes(32).toString('base64url');
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const expiresAt = new Date(now.getTime() + OIDC_ATTEMPT_MINUTES * 60_000);
    await this.prisma.$transaction([
      this.prisma.oidcSignInAttempt.deleteMany({ where: { expiresAt: { lt: now } } }),
      this.prisma.oidcSignInAttempt.create({
        data: {
          keyHash: keyHash(pending),
          state,
          nonce,
          codeVerifier,
          returnTo: localPath(returnTo),
          createdAt: now,
          expiresAt,
        },
      }),
    ]);
    const redirectUrl = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: OIDC_SCOPES,
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { redirectUrl: redirectUrl.href, pending, expiresAt };
  }

  /**
   * Finishes a sign-in at the callback. `callbackUrl` is the URL the browser came back to (`req.originalUrl`
   * will do: only its query is read, and joined to the registered redirect URI, so a Host header cannot
   * change what is sent to the provider); `pending` is the cookie `begin` set (undefined when the browser did
   * not send it). Uses the attempt up whatever the outcome, exchanges the code (with the PKCE verifier),
   * checks the ID token (signature, issuer, audience, expiry, nonce) and that the email is verified.
   * Throws `OidcRefused`.
   */
  async finish(
    callbackUrl: string | URL,
    pending: string | undefined,
    now = new Date(),
  ): Promise<OidcIdentity> {
    const attempt = await this.useAttempt(pending, now);
    const url = new URL(this.redirectUri);
    url.search = new URL(callbackUrl, url).search;
    if (url.searchParams.get('state') !== attempt.state)
      throw new OidcRefused(
        'state-mismatch',
        'the callback’s state is not the one this browser’s sign-in sent',
      );
    const configuration = await this.discover();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, url, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcRefused('provider-error', 'no ID token in the token response');
      // Providers that follow OpenID Connect to the letter (and oidc-provider by default) put the `email` scope's
      // claims in the UserInfo response, not in the ID token, when an access token is issued. The subject is
      // checked to be the ID token's.
      const userinfo = configuration.serverMetadata().userinfo_endpoint;
      const claims =
        typeof idToken.email === 'string' || !userinfo
          ? idToken
          : await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      const { email, by } = verifiedEmail(claims);
      return {
        issuer: idToken.iss,
        subject: idToken.sub,
        email,
        emailVerifiedBy: by,
        returnTo: attempt.returnTo,
      };
    } catch (error) {
      throw refusalFor(error);
    }
  }

  /**
   * The active Waymark users with the identity's email, one per partnership that has them (usually one),
   * ordered by partnership name. Refuses an email no user has (`unknown-user`) or only archived users have
   * (`archived-user`).
   */
  async usersFor(identity: Pick<OidcIdentity, 'email'>): Promise<OidcUser[]> {
    const users = await this.prisma.user.findMany({
      where: { email: identity.email.toLowerCase() },
      include: { partnership: { select: { name: true } } },
      orderBy: { partnership: { name: 'asc' } },
    });
    const active = users.filter((user) => user.archivedAt === null);
    if (users.length === 0) throw new OidcRefused('unknown-user', `no user has the email ${identity.email}`);
    if (active.length === 0)
      throw new OidcRefused('archived-user', `every user with ${identity.email} is archived`);
    return active.map((user) => ({
      id: user.id,
      partnershipId: user.partnershipId,
      partnershipName: user.partnership.name,
      email: user.email,
      name: user.name,
      role: user.role,
    }));
  }

  /** For /health: asks the provider for its metadata afresh (and keeps it); throws naming what failed. */
  async checkProvider(): Promise<void> {
    this.discovered = null;
    try {
      await this.discover();
    } catch (error) {
      throw new Error((error as OidcRefused).detail);
    }
  }

  /** The provider's metadata, asked for once and kept; asked again after a failure. */
  private discover(): Promise<client.Configuration> {
    const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: secret } = this.config;
    if (issuer === undefined || clientId === undefined || secret === undefined)
      return Promise.reject(new OidcRefused('not-configured'));
    if (!this.discovered) {
      const attempt = client
        .discovery(new URL(issuer), clientId, secret, undefined, {
          timeout: DISCOVERY_TIMEOUT_SECONDS,
          // Plain HTTP only where configuration allows it: an issuer on loopback (the tests' provider).
          execute: new URL(issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        })
        .catch((error: unknown) => {
          if (this.discovered === attempt) this.discovered = null;
          throw new OidcRefused('provider-unavailable', `discovery from ${issuer}: ${describe(error)}`);
        });
      this.discovered = attempt;
    }
    return this.discovered;
  }

  /** Marks the attempt used, once; refuses one unknown, expired or already used. */
  private async useAttempt(pending: string | undefined, now: Date) {
    if (!pending) throw new OidcRefused('expired', 'the browser sent no sign-in cookie');
    const where = { keyHash: keyHash(pending) };
    const claimed = await this.prisma.oidcSignInAttempt.updateMany({
      where: { ...where, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const attempt = await this.prisma.oidcSignInAttempt.findUnique({ where });
    if (claimed.count === 1 && attempt) return attempt;
    if (!attempt || attempt.expiresAt <= now)
      throw new OidcRefused('expired', attempt ? 'the sign-in expired' : 'no such sign-in');
    throw new OidcRefused('replayed', `the sign-in was finished at ${attempt.usedAt?.toISOString()}`);
  }
}

/**
 * The email address the claims vouch for, lower-cased. Accepted when `email_verified` is true (OpenID Connect's
 * claim), or, when there is no `email_verified` at all, when Entra ID's optional `xms_edov` claim is true: the
 * email's domain is verified by the tenant the account belongs to (Entra ID never sends `email_verified` for
 * work accounts). `email_verified: false` is final. A string "true" is not true.
 */
export function verifiedEmail(claims: Record<string, unknown>): {
  email: string;
  by: OidcIdentity['emailVerifiedBy'];
} {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new OidcRefused('no-email', 'no email claim');
  if (claims.email_verified === true) return { email, by: 'email_verified' };
  if (claims.email_verified === undefined && claims.xms_edov === true) return { email, by: 'xms_edov' };
  throw new OidcRefused(
    'email-not-verified',
    `${email}: email_verified ${JSON.stringify(claims.email_verified)}, xms_edov ${JSON.stringify(claims.xms_edov)}`,
  );
}

/** A path on this site (`/console/actions?rag=RED`), or null: never another origin (`//evil.example`, `/\\x`). */
export function localPath(value: string | undefined): string | null {
  if (!value || value.length > 2000 || !value.startsWith('/') || /^\/[/\\]/.test(value)) return null;
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  return value;
}

function keyHash(pending: string): string {
  return createHash('sha256').update(pending).digest('hex');
}

/** What went wrong, as the refusal to show: the provider's own error, a check that failed, or no answer. */
function refusalFor(error: unknown): OidcRefused {
  if (error instanceof OidcRefused) return error;
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError)
    return new OidcRefused(
      'provider-error',
      `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
    );
  if (error instanceof client.ClientError) {
    const check = (error.cause as { cause?: { claim?: string } } | undefined)?.cause;
    if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && check?.claim === 'nonce')
      return new OidcRefused('nonce-mismatch', 'the ID token’s nonce is not the one this sign-in sent');
    return new OidcRefused('provider-error', describe(error));
  }
  return new OidcRefused('provider-unavailable', describe(error));
}

/** An error with its causes (openid-client's "something went wrong" is caused by fetch's, by the socket's). */
function describe(error: unknown): string {
  const messages: string[] = [];
  // Duck-typed: fetch's errors may come from another realm than this module's Error.
  for (let e = error as { message?: unknown; cause?: unknown } | undefined; messages.length < 4;) {
    if (typeof e?.message !== 'string') break;
    messages.push(e.message);
    e = e.cause as typeof e;
  }
  return messages.length > 0 ? messages.join(': ') : String(error);
}
