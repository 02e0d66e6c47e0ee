import { Resolver } from 'node:dns/promises';
import { Inject, Injectable } from '@nestjs/common';
import { dkimVerify, dmarc, spf } from 'mailauth';
import type { ParsedMail } from 'mailparser';
import { WAYMARK_CONFIG, WaymarkConfig } from '@waymark/config';

/** What an SMTP client told the listener: its address, its EHLO name and the envelope sender (MAIL FROM). */
export interface SmtpClient {
  address: string;
  helo: string;
  mailFrom: string;
}

/**
 * Whether the sender's own domain vouches for the message: `aligned` when it does (and how), else the
 * plain reason it does not.
 */
export type SenderVerdict = { aligned: true; by: string } | { aligned: false; reason: string };

/** A DNS lookup failed for now: the message is tried again later (SMTP 451, the next IMAP pass). */
export class AuthenticationUnavailable extends Error {}

/**
 * Checks that a reply's From domain authenticated it (DMARC alignment), before anything in it is recorded.
 *
 * With `INBOUND_AUTHSERV_ID` set, Waymark trusts the verdict of the council's MX: the topmost
 * Authentication-Results header, only when it names that MX. Otherwise it verifies the message itself with
 * mailauth: DKIM, SPF when it came through the SMTP listener (the client's address and MAIL FROM), and the
 * domain's DMARC record. Either way the message passes when DMARC passes for the From domain, or, where the
 * domain publishes no DMARC policy, when a valid DKIM signature or an SPF pass is the From domain's own
 * (relaxed alignment). `INBOUND_SENDER_CHECK=off` (a local demo, never production) skips the check.
 */
@Injectable()
export class SenderAuthentication {
  private readonly resolve: ((name: string, type: string) => Promise<string[][] | string[]>) | undefined;

  constructor(@Inject(WAYMARK_CONFIG) private readonly config: WaymarkConfig) {
    const servers = config.INBOUND_DNS_SERVERS;
    if (servers.length > 0) {
      const resolver = new Resolver({ timeout: 3000, tries: 2 });
      resolver.setServers(servers);
      this.resolve = (name, type) => resolver.resolve(name, type) as Promise<string[][] | string[]>;
    }
  }

  async check(raw: Buffer, parsed: ParsedMail, from: string, client?: SmtpClient): Promise<SenderVerdict> {
    if (this.config.INBOUND_SENDER_CHECK === 'off') return { aligned: true, by: 'unchecked' };
    const domain = domainOf(from);
    if (!domain) return { aligned: false, reason: 'The email has no sender address' };
    return this.config.INBOUND_AUTHSERV_ID.length > 0
      ? verdictOfMx(parsed, domain, this.config.INBOUND_AUTHSERV_ID)
      : this.verify(raw, from, domain, client);
  }

  /** mailauth's own checks: DKIM always, SPF with an SMTP client, then DMARC for the From domain. */
  private async verify(
    raw: Buffer,
    from: string,
    domain: string,
    client?: SmtpClient,
  ): Promise<SenderVerdict> {
    const resolver = this.resolve;
    const dkim = await dkimVerify(raw, { resolver });
    const headerFrom = dkim.headerFrom.map((a) => a.toLowerCase());
    // The address read as the sender must be the one the checks are about (one From, the same address).
    if (headerFrom.length !== 1 || headerFrom[0] !== from)
      return { aligned: false, reason: 'The email does not have exactly one sender address' };
    const passed = dkim.results.filter((r) => r.status.result === 'pass');
    const spfResult = client
      ? await spf({ ip: client.address, helo: client.helo, sender: client.mailFrom || undefined, resolver })
      : null;
    const spfPassed = spfResult?.status.result === 'pass' ? spfResult.domain : null;
    const policy = await dmarc({
      headerFrom: from,
      spfDomains: spfPassed ? [spfPassed] : [],
      dkimDomains: passed.map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned })),
      resolver,
    });
    const temporary = [
      ...dkim.results.map((r) => r.status.result),
      spfResult?.status.result,
      policy ? policy.status.result : undefined,
    ].some((result) => result === 'temperror' || result === 'temperr');
    const status = policy ? policy.status.result : 'none';
    if (status === 'pass') return { aligned: true, by: 'dmarc' };
    if (status === 'none') {
      if (passed.some((r) => aligned(r.signingDomain, domain))) return { aligned: true, by: 'dkim' };
      if (spfPassed && aligned(spfPassed, domain)) return { aligned: true, by: 'spf' };
    }
    if (temporary) throw new AuthenticationUnavailable('A DNS lookup for the sender check failed; try again');
    return { aligned: false, reason: NOT_VOUCHED(domain, status) };
  }
}

const NOT_VOUCHED = (domain: string, dmarcResult: string) =>
  `The sender's domain (${domain}) did not authenticate this email (DMARC ${dmarcResult}): nothing was recorded`;

/**
 * The verdict of the council's MX: its Authentication-Results header, the topmost one (an MX adds its own
 * above what the message arrived with, and removes any claiming its name). Any other is ignored.
 */
export function verdictOfMx(parsed: ParsedMail, domain: string, trusted: string[]): SenderVerdict {
  const top = parsed.headerLines.find((h) => h.key === 'authentication-results');
  const results = top ? parseAuthenticationResults(top.line.slice(top.line.indexOf(':') + 1)) : null;
  if (!results || !trusted.includes(results.authservId))
    return {
      aligned: false,
      reason: 'The email was not checked by the council mail server: nothing was recorded',
    };
  const of = (method: string) => results.results.filter((r) => r.method === method);
  const dmarcResults = of('dmarc');
  if (dmarcResults.some((r) => r.result === 'pass' && r.props['header.from'] === domain))
    return { aligned: true, by: 'dmarc' };
  const status = dmarcResults[0]?.result ?? 'none';
  if (status === 'none') {
    // A property may be an address or a bare domain (`smtp.mailfrom=example.org`, `header.i=@example.org`).
    const domainIn = (value = '') => value.slice(value.lastIndexOf('@') + 1);
    const dkimDomain = (r: AuthResult) => r.props['header.d'] ?? domainIn(r.props['header.i']);
    if (of('dkim').some((r) => r.result === 'pass' && aligned(dkimDomain(r), domain)))
      return { aligned: true, by: 'dkim' };
    if (of('spf').some((r) => r.result === 'pass' && aligned(domainIn(r.props['smtp.mailfrom']), domain)))
      return { aligned: true, by: 'spf' };
  }
  return { aligned: false, reason: NOT_VOUCHED(domain, status) };
}

interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

/**
 * An Authentication-Results header's value (RFC 8601): its authserv-id and each method's result with its
 * properties, lower case; comments dropped. Null when it has no authserv-id.
 */
export function parseAuthenticationResults(
  value: string,
): { authservId: string; results: AuthResult[] } | null {
  const [head, ...parts] = withoutComments(value).replace(/"/g, '').split(';');
  const authservId = head.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!authservId || authservId.includes('=')) return null;
  const results = parts.flatMap((part): AuthResult[] => {
    const [first, ...rest] = part.trim().split(/\s+/);
    const [method, result] = (first ?? '').toLowerCase().split('=');
    if (!method || !result) return [];
    const props = Object.fromEntries(
      rest
        .map((token) => token.split('='))
        .filter((kv) => kv.length === 2 && kv[0].includes('.'))
        .map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]),
    );
    return [{ method, result, props }];
  });
  return { authservId, results };
}

/** Text without its parenthesised comments (nested too), in one pass. */
function withoutComments(value: string): string {
  let depth = 0;
  let out = '';
  for (const char of value) {
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += char;
  }
  return out;
}

/** Relaxed alignment: the same domain, or one is a subdomain of the other (whoever signs controls its DNS). */
function aligned(authenticated: string, from: string): boolean {
  const a = authenticated.toLowerCase();
  return a !== '' && (a === from || from.endsWith(`.${a}`) || a.endsWith(`.${from}`));
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
