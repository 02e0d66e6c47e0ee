import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.schema';

const TLS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls');

const valid = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/waymark',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  LINK_SECRET: 'x'.repeat(32),
};

describe('loadConfig', () => {
  it('applies defaults and derives the public base URL from host and port', () => {
    const cfg = loadConfig({ ...valid, PORT: '4100' });
    expect(cfg.PORT).toBe(4100);
    expect(cfg.TEMPORAL_TASK_QUEUE).toBe('waymark');
    expect(cfg.PUBLIC_BASE_URL).toBe('http://127.0.0.1:4100');
  });

  it('attaches the lead workbook unless CHASE_WORKBOOK is "false"', () => {
    expect(loadConfig(valid).CHASE_WORKBOOK).toBe(true);
    expect(loadConfig({ ...valid, CHASE_WORKBOOK: 'false' }).CHASE_WORKBOOK).toBe(false);
    expect(() => loadConfig({ ...valid, CHASE_WORKBOOK: 'no' })).toThrow(/CHASE_WORKBOOK/);
  });

  it('logs JSON in production and text otherwise unless LOG_FORMAT says; observability is off until configured', () => {
    expect(loadConfig(valid).LOG_FORMAT).toBe('text');
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).LOG_FORMAT).toBe('json');
    expect(loadConfig({ ...valid, NODE_ENV: 'production', LOG_FORMAT: 'text' }).LOG_FORMAT).toBe('text');
    expect(() => loadConfig({ ...valid, LOG_FORMAT: 'pretty' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ ...valid, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    const cfg = loadConfig(valid);
    expect(cfg).toMatchObject({ WORKER_METRICS_PORT: 0 });
    expect(cfg.METRICS_TOKEN).toBeUndefined();
    expect(cfg.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(() => loadConfig({ ...valid, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: .*a value of 5/);
    expect(() => loadConfig({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('keeps replies by email off until configured, except the reply mailbox', () => {
    const cfg = loadConfig(valid);
    expect(cfg.REPLY_MAILBOX).toBe('updates@waymark.localhost');
    expect(cfg.INBOUND_SMTP_PORT).toBe(0);
    expect(cfg.INBOUND_WEBHOOK_SECRET).toBeUndefined();
    expect(cfg.IMAP_URL).toBeUndefined();
    expect(() => loadConfig({ ...valid, IMAP_URL: 'http://mail.example.org' })).toThrow(/IMAP_URL/);
    expect(() => loadConfig({ ...valid, INBOUND_WEBHOOK_SECRET: 'short' })).toThrow(/INBOUND_WEBHOOK_SECRET/);
  });

  it('reads the sender checks: the trusted MX names and DNS servers as lists, each entry checked', () => {
    expect(loadConfig(valid)).toMatchObject({ INBOUND_AUTHSERV_ID: [], INBOUND_DNS_SERVERS: [] });
    const cfg = loadConfig({
      ...valid,
      INBOUND_AUTHSERV_ID: 'MX1.council.example.gov.uk, mx2.council.example.gov.uk',
      INBOUND_DNS_SERVERS: '10.0.0.53,[::1]:5353, 127.0.0.1:5300',
    });
    expect(cfg.INBOUND_AUTHSERV_ID).toEqual(['mx1.council.example.gov.uk', 'mx2.council.example.gov.uk']);
    expect(cfg.INBOUND_DNS_SERVERS).toEqual(['10.0.0.53', '[::1]:5353', '127.0.0.1:5300']);
    expect(() => loadConfig({ ...valid, INBOUND_AUTHSERV_ID: 'mx.example.org; dmarc=pass' })).toThrow(
      /INBOUND_AUTHSERV_ID: .*host names/,
    );
    expect(() => loadConfig({ ...valid, INBOUND_DNS_SERVERS: 'dns.example.org' })).toThrow(
      /INBOUND_DNS_SERVERS: .*IP addresses/,
    );
  });

  it('times console sessions out: 30 idle minutes and 12 hours by default, idle never beyond absolute', () => {
    expect(loadConfig(valid)).toMatchObject({
      CONSOLE_IDLE_MINUTES: 30,
      CONSOLE_SESSION_HOURS: 12,
      CONSOLE_SIGN_IN_LINK_MINUTES: 15,
    });
    expect(() => loadConfig({ ...valid, CONSOLE_IDLE_MINUTES: '120', CONSOLE_SESSION_HOURS: '1' })).toThrow(
      /CONSOLE_IDLE_MINUTES: must not be longer than CONSOLE_SESSION_HOURS/,
    );
    expect(() => loadConfig({ ...valid, CONSOLE_SIGN_IN_LINK_MINUTES: '0' })).toThrow(
      /CONSOLE_SIGN_IN_LINK_MINUTES/,
    );
  });

  it('checks senders by default, and may skip the check for a local demo, never in production', () => {
    expect(loadConfig(valid).INBOUND_SENDER_CHECK).toBe('dmarc');
    expect(loadConfig({ ...valid, INBOUND_SENDER_CHECK: 'off' }).INBOUND_SENDER_CHECK).toBe('off');
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', INBOUND_SENDER_CHECK: 'off' })).toThrow(
      /INBOUND_SENDER_CHECK: must not be off in production/,
    );
  });

  it('offers STARTTLS only with a readable certificate and its key, both or neither', () => {
    const cert = join(TLS, 'server.crt');
    const key = join(TLS, 'server.key');
    expect(loadConfig({ ...valid, INBOUND_SMTP_TLS_CERT: cert, INBOUND_SMTP_TLS_KEY: key })).toMatchObject({
      INBOUND_SMTP_TLS_CERT: cert,
    });
    expect(() => loadConfig({ ...valid, INBOUND_SMTP_TLS_CERT: cert })).toThrow(
      /INBOUND_SMTP_TLS_KEY: must be set with its pair/,
    );
    expect(() =>
      loadConfig({ ...valid, INBOUND_SMTP_TLS_CERT: join(TLS, 'missing.crt'), INBOUND_SMTP_TLS_KEY: key }),
    ).toThrow(/INBOUND_SMTP_TLS_CERT: must be a readable PEM certificate/);
    expect(() => loadConfig({ ...valid, INBOUND_SMTP_TLS_CERT: key, INBOUND_SMTP_TLS_KEY: cert })).toThrow(
      /INBOUND_SMTP_TLS_CERT/,
    );
  });

  it('takes OpenID Connect sign-in whole or not at all, from an https issuer (http on loopback only)', () => {
    const oidc = {
      OIDC_ISSUER_URL: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      OIDC_CLIENT_ID: 'waymark-console',
      OIDC_CLIENT_SECRET: 'client-secret-from-entra',
    };
    expect(loadConfig(valid).OIDC_ISSUER_URL).toBeUndefined();
    expect(loadConfig({ ...valid, ...oidc })).toMatchObject(oidc);
    expect(loadConfig({ ...valid, ...oidc, OIDC_ISSUER_URL: 'http://127.0.0.1:4444/' }).OIDC_ISSUER_URL).toBe(
      'http://127.0.0.1:4444/',
    );
    expect(() => loadConfig({ ...valid, ...oidc, OIDC_ISSUER_URL: 'http://idp.example.org' })).toThrow(
      /OIDC_ISSUER_URL: must be an https:\/\/ URL/,
    );
    expect(() => loadConfig({ ...valid, ...oidc, OIDC_ISSUER_URL: 'login.microsoftonline.com' })).toThrow(
      /OIDC_ISSUER_URL/,
    );
    const { OIDC_CLIENT_SECRET: _secret, ...noSecret } = oidc;
    expect(() => loadConfig({ ...valid, ...noSecret })).toThrow(
      /OIDC_CLIENT_SECRET: must be set with OIDC_ISSUER_URL and OIDC_CLIENT_ID .*\(not set\)/,
    );
    let message = '';
    try {
      loadConfig({ ...valid, OIDC_CLIENT_SECRET: oidc.OIDC_CLIENT_SECRET });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/OIDC_ISSUER_URL: must be set with OIDC_CLIENT_SECRET/);
    expect(message).toMatch(/OIDC_CLIENT_ID: must be set with OIDC_CLIENT_SECRET/);
    expect(message).not.toContain(oidc.OIDC_CLIENT_SECRET);
  });

  it('reads TRUST_PROXY as Express takes it: loopback by default, false, hops, or addresses and ranges', () => {
    expect(loadConfig(valid).TRUST_PROXY).toEqual(['loopback']);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(
      loadConfig({ ...valid, TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7' }).TRUST_PROXY,
    ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example.org', '11'])
      expect(() => loadConfig({ ...valid, TRUST_PROXY: bad })).toThrow(
        /TRUST_PROXY: must be false, a number/,
      );
  });

  it('names every bad variable and never echoes a password', () => {
    let error: unknown;
    try {
      loadConfig({
        ...valid,
        PORT: 'eighty',
        LINK_SECRET: 'short-but-secret',
        INBOUND_WEBHOOK_SECRET: 'hunter3',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/LINK_SECRET: must be at least 32 characters \(got a value of 16 characters\)/);
    expect(message).toMatch(/INBOUND_WEBHOOK_SECRET: .*\(got a value of 7 characters\)/);
    expect(message).toMatch(/DATABASE_URL: .*mysql:\/\/\*\*\*@db\/x/);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('hunter3');
    expect(message).not.toContain('short-but-secret');
  });

  it('reports a missing required variable as not set', () => {
    const { SMTP_URL: _omit, ...rest } = valid;
    expect(() => loadConfig(rest)).toThrow(/SMTP_URL: .*not set/);
  });

  it('keeps an explicit public base URL without its trailing slash', () => {
    expect(loadConfig({ ...valid, PUBLIC_BASE_URL: 'https://waymark.example.gov.uk/' }).PUBLIC_BASE_URL).toBe(
      'https://waymark.example.gov.uk',
    );
  });
});
