import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@waymark/config';
import { temporalConnectionOptions } from './connection-options';

const TLS = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'tls');
const base = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/waymark',
  TEMPORAL_ADDRESS: 'temporal.example.org:7233',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  LINK_SECRET: 'x'.repeat(32),
};
const options = (env: Record<string, string>) => temporalConnectionOptions(loadConfig({ ...base, ...env }));

describe('how the API and the worker reach Temporal', () => {
  it('connects in plain text by default, and over TLS when asked', () => {
    expect(options({})).toEqual({ address: 'temporal.example.org:7233' });
    expect(options({ TEMPORAL_TLS: 'true' })).toEqual({ address: 'temporal.example.org:7233', tls: true });
  });

  it('sends the API key (TLS then on, as the SDK does), the CA, the client certificate and the server name', () => {
    expect(options({ TEMPORAL_API_KEY: 'key' })).toEqual({
      address: 'temporal.example.org:7233',
      apiKey: 'key',
    });
    expect(
      options({
        TEMPORAL_TLS_CA: join(TLS, 'ca.crt'),
        TEMPORAL_TLS_CERT: join(TLS, 'client.crt'),
        TEMPORAL_TLS_KEY: join(TLS, 'client.key'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      }),
    ).toEqual({
      address: 'temporal.example.org:7233',
      tls: {
        serverNameOverride: 'temporal.internal',
        serverRootCACertificate: readFileSync(join(TLS, 'ca.crt')),
        clientCertPair: {
          crt: readFileSync(join(TLS, 'client.crt')),
          key: readFileSync(join(TLS, 'client.key')),
        },
      },
    });
  });

  it('refuses at start-up a half pair, an unreadable CA, or TLS settings with TLS turned off', () => {
    expect(() => options({ TEMPORAL_TLS_CERT: join(TLS, 'client.crt') })).toThrow(
      /TEMPORAL_TLS_KEY: must be set with its pair/,
    );
    expect(() =>
      options({ TEMPORAL_TLS_CERT: join(TLS, 'client.crt'), TEMPORAL_TLS_KEY: join(TLS, 'server.key') }),
    ).toThrow(/TEMPORAL_TLS_CERT: must be a readable PEM certificate matching TEMPORAL_TLS_KEY/);
    expect(() => options({ TEMPORAL_TLS_CA: join(TLS, 'client.key') })).toThrow(
      /TEMPORAL_TLS_CA: must be a readable/,
    );
    expect(() => options({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'key' })).toThrow(
      /TEMPORAL_TLS: must not be false with TEMPORAL_API_KEY/,
    );
    // The key is a secret: an error shows its length only.
    expect(() => options({ TEMPORAL_TLS: 'no', TEMPORAL_API_KEY: 'sekrit' })).not.toThrow(/sekrit/);
  });
});
