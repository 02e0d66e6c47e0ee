// CPU seconds used by the machine's Temporal server and PostgreSQL processes, read from /proc (Linux): where a
// benchmark's time goes besides the Node process measuring it. Backends that PostgreSQL has reaped count in
// the postmaster's children's time, so a phase's figure survives its connections closing.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface ServerCpu {
  temporal: number;
  postgres: number;
}

function stat(pid: string): { comm: string; ppid: number; own: number; children: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    // Fields after the command: state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return {
      comm,
      ppid: n(4),
      own: (n(14) + n(15)) / TICKS_PER_SECOND,
      children: (n(16) + n(17)) / TICKS_PER_SECOND,
    };
  } catch {
    return null; // exited while we read
  }
}

/** Total CPU seconds so far of every `temporal` and `postgres` process, reaped PostgreSQL backends included. */
export function serverCpu(): ServerCpu {
  const procs = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      const read = stat(pid);
      return read ? [{ pid: Number(pid), ...read }] : [];
    });
  const postgresPids = new Set(procs.filter((p) => p.comm === 'postgres').map((p) => p.pid));
  let temporal = 0;
  let postgres = 0;
  for (const p of procs) {
    if (p.comm === 'temporal') temporal += p.own;
    if (p.comm === 'postgres') postgres += p.own + (postgresPids.has(p.ppid) ? 0 : p.children); // the postmaster's reaped backends
  }
  return { temporal, postgres };
}

export function cpuSince(before: ServerCpu): ServerCpu {
  const now = serverCpu();
  return { temporal: now.temporal - before.temporal, postgres: now.postgres - before.postgres };
}
