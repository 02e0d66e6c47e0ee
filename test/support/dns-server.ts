import { createSocket } from 'node:dgram';

/** Records by lower-case name: TXT strings (each record one string) and A addresses. */
export type Zone = Map<string, { TXT?: string[]; A?: string[] }>;

export interface DnsServerHandle {
  /** `127.0.0.1:<port>`, for INBOUND_DNS_SERVERS. */
  address: string;
  zone: Zone;
  stop(): Promise<void>;
}

const TYPES: Record<number, 'A' | 'TXT'> = { 1: 'A', 16: 'TXT' };

/**
 * A real DNS server on loopback (UDP) answering from `zone`: A and TXT records, NXDOMAIN for a name it does
 * not hold, an empty answer for a type it has none of. Enough for the sender checks (DKIM keys, SPF and
 * DMARC records) of mail from made-up domains, without the internet.
 */
export async function startDnsServer(zone: Zone = new Map()): Promise<DnsServerHandle> {
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const answer = respond(query, zone);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    zone,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function respond(query: Buffer, zone: Zone): Buffer | null {
  if (query.length < 12) return null;
  let at = 12;
  const labels: string[] = [];
  while (at < query.length && query[at] !== 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]).toString('latin1'));
    at += 1 + query[at];
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return null;
  const type = TYPES[query.readUInt16BE(at + 1)];
  const records = zone.get(labels.join('.').toLowerCase());
  const found = type ? (records?.[type] ?? []) : [];
  const answers = found.map((value) => {
    const data =
      type === 'A'
        ? Buffer.from(value.split('.').map(Number))
        : Buffer.concat(
            (value.match(/[\s\S]{1,255}/g) ?? ['']).map((part) =>
              Buffer.concat([Buffer.from([part.length]), Buffer.from(part, 'latin1')]),
            ),
          );
    const head = Buffer.alloc(12);
    head.writeUInt16BE(0xc00c, 0); // the question's name
    head.writeUInt16BE(type === 'A' ? 1 : 16, 2);
    head.writeUInt16BE(1, 4); // IN
    head.writeUInt32BE(60, 6);
    head.writeUInt16BE(data.length, 10);
    return Buffer.concat([head, data]);
  });
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8180 | (records ? 0 : 3), 2); // response, recursion desired and available; NXDOMAIN
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
