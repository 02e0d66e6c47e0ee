// The API and the worker reach Temporal over TLS with a client certificate (mTLS) and an API key, as
// Temporal Cloud or a hardened cluster asks: a real TLS endpoint (Node's TLS server, demanding a certificate
// the test CA signed) in front of the test's Temporal dev server.
import { readFileSync } from 'node:fs';
import { Server, Socket, connect } from 'node:net';
import { join } from 'node:path';
import { TLSSocket, createServer } from 'node:tls';
import { requireEnv } from '../support/waymark';
import { waymarkSuite } from '../support/suite';
import { createAction } from '../chasing/chasing-fixtures';

const TLS = join(__dirname, '..', 'fixtures', 'tls');

describe('Temporal over TLS, with a client certificate and an API key', () => {
  let proxy: Server;
  const clients: string[] = [];
  const suite = waymarkSuite(async () => {
    const [host, port] = requireEnv('TEMPORAL_ADDRESS').split(':');
    proxy = createServer(
      {
        cert: readFileSync(join(TLS, 'server.crt')),
        key: readFileSync(join(TLS, 'server.key')),
        ca: readFileSync(join(TLS, 'ca.crt')),
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ['h2'],
      },
      (socket: TLSSocket) => {
        clients.push(String(socket.getPeerCertificate().subject?.CN));
        const upstream: Socket = connect(Number(port), host);
        socket.pipe(upstream).pipe(socket);
        const close = () => {
          socket.destroy();
          upstream.destroy();
        };
        socket.on('error', close);
        upstream.on('error', close);
      },
    );
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address() as { port: number };
    return {
      TEMPORAL_ADDRESS: `127.0.0.1:${address.port}`,
      TEMPORAL_TLS_CA: join(TLS, 'ca.crt'),
      TEMPORAL_TLS_CERT: join(TLS, 'client.crt'),
      TEMPORAL_TLS_KEY: join(TLS, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
      TEMPORAL_API_KEY: 'test-api-key',
    };
  });
  afterAll(() => new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve())));

  it('answers /health and runs an action workflow through the TLS endpoint, with the client certificate', async () => {
    const { waymark, fixture } = suite;
    const health = await suite.http().get('/health').expect(200);
    expect(health.body.components.temporal).toEqual({ status: 'up' });
    // The API starts the action's workflow; the worker runs it and the request email goes out.
    await createAction(suite.http(), fixture, fixture.lead.id, 'TLS1');
    await suite.catcher.waitFor((m) => m.to.includes(fixture.lead.email), 30_000);
    expect(waymark.config.TEMPORAL_ADDRESS).not.toBe(requireEnv('TEMPORAL_ADDRESS'));
    // The API's connections and the worker's, each with the test client's certificate.
    expect(clients.length).toBeGreaterThanOrEqual(2);
    expect(new Set(clients)).toEqual(new Set(['waymark-test-client']));
  });
});
