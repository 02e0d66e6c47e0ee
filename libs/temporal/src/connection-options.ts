import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { WaymarkConfig } from '@waymark/config';

/** What the API's client and the worker's connection both take: where Temporal is, TLS and an API key. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/**
 * How the API and the worker reach Temporal (the same for both): TEMPORAL_ADDRESS, over TLS when asked
 * (TEMPORAL_TLS), with a root CA, a client certificate for mTLS and a server name when given, and an API key
 * (TEMPORAL_API_KEY, which turns TLS on unless TEMPORAL_TLS says otherwise, as Temporal's SDK does).
 */
export function temporalConnectionOptions(config: WaymarkConfig): TemporalConnectionOptions {
  const {
    TEMPORAL_TLS: enabled,
    TEMPORAL_TLS_CA: ca,
    TEMPORAL_TLS_CERT: cert,
    TEMPORAL_TLS_KEY: key,
    TEMPORAL_TLS_SERVER_NAME: serverName,
    TEMPORAL_API_KEY: apiKey,
  } = config;
  const custom: TLSConfig = {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
    ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
  };
  const tls = Object.keys(custom).length > 0 ? custom : enabled;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tls !== undefined ? { tls } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
