import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';

export type Log = (msg: string) => void;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (ENOENT, EACCES, ...). */
  error?: Error;
}

/** The last lines a process wrote to stdout/stderr, kept for error messages. */
/**
 * Keeps the first and the last lines a process printed: a Go panic names its reason at the top and its
 * stack below, so both ends matter; the middle is dropped with a count.
 */
export class OutputTail {
  private readonly head: string[] = [];
  private readonly tail: string[] = [];
  private dropped = 0;
  private partial = '';

  constructor(
    private readonly maxTailLines = 60,
    private readonly maxHeadLines = 20,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  text(): string {
    const skipped = this.dropped > 0 ? [`… (${this.dropped} lines not shown) …`] : [];
    const all = [...this.head, ...skipped, ...this.tail, ...(this.partial ? [this.partial] : [])];
    return all.join('\n');
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    const kept = line.length > 2000 ? `${line.slice(0, 2000)}…` : line;
    if (this.head.length < this.maxHeadLines) {
      this.head.push(kept);
      return;
    }
    this.tail.push(kept);
    if (this.tail.length > this.maxTailLines) {
      this.tail.shift();
      this.dropped += 1;
    }
  }
}

/** A child process whose output is always drained (a full pipe would block it) and whose exit is awaited. */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  readonly output: OutputTail;
  /** Resolves once when the process has exited (or failed to spawn). Never rejects. */
  readonly exited: Promise<ExitInfo>;
  hasExited(): boolean;
  /**
   * Sends `signal`, waits up to `timeoutMs`, then escalates through `escalation` (each with its own wait).
   * Resolves when the process is gone.
   */
  stop(signal: NodeJS.Signals, timeoutMs: number, escalation?: NodeJS.Signals[]): Promise<ExitInfo>;
}

/**
 * Processes still running when Node exits get `signal` synchronously from an `exit` handler, so that a
 * test run or `npm start` that ends without calling stop() leaves no orphan server behind. This is not a
 * signal handler: it does not change how the application reacts to SIGINT/SIGTERM.
 */
const live = new Map<ChildProcess, NodeJS.Signals>();
let exitHookInstalled = false;
function killLiveChildrenOnExit(): void {
  for (const [child, signal] of live) {
    try {
      child.kill(signal);
    } catch {
      // best effort at exit
    }
  }
}

export function spawnManaged(
  command: string,
  args: string[],
  options: SpawnOptions & { exitSignal: NodeJS.Signals; onLine?: (line: string) => void },
): ManagedProcess {
  const { exitSignal, onLine, ...spawnOptions } = options;
  const output = new OutputTail();
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid means the spawn itself failed; 'exit' will not follow.
      if (child.pid === undefined) {
        exitInfo = { code: null, signal: null, error };
        live.delete(child);
        resolve(exitInfo);
      }
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      live.delete(child);
      resolve(exitInfo);
    });
  });
  const onData = (chunk: Buffer) => {
    output.push(chunk);
    if (onLine) for (const line of chunk.toString().split(/\r?\n/)) if (line.trim()) onLine(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  if (child.pid !== undefined) {
    live.set(child, exitSignal);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', killLiveChildrenOnExit);
    }
  }

  const waitFor = (ms: number) =>
    Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref()),
    ]);

  return {
    child,
    pid: child.pid,
    output,
    exited,
    hasExited: () => exitInfo !== undefined,
    async stop(signal, timeoutMs, escalation = ['SIGKILL']) {
      const signals = [signal, ...escalation];
      for (const [i, sig] of signals.entries()) {
        if (exitInfo) break;
        child.kill(sig);
        if (await waitFor(i === 0 ? timeoutMs : 10_000)) break;
      }
      return exited;
    },
  };
}

export function describeExit(info: ExitInfo): string {
  if (info.error) return `could not be started: ${info.error.message}`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${String(info.code)}`;
}

export function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string[];
}

/** Reads /proc/<pid> (Linux). Undefined when the process is gone or /proc is unavailable. */
export function readProcessInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ..." — comm may contain spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid, comm, cmdline };
  } catch {
    return undefined;
  }
}

/**
 * Decides what to do about a server process left running on our data (found through a pid file):
 * - 'gone': the pid is not running, or is some unrelated process (pid reused) → the pid file is stale;
 * - 'orphan': it is our kind of server, and the process that started it is gone (it was re-parented to
 *   init or a sub-reaper, i.e. the Node process that owned it crashed or was killed) → safe to stop;
 * - 'owned': it is our kind of server and its parent is a live Node process → someone is using it.
 * - 'unknown': it is running but we cannot tell (no /proc).
 */
export function classifyLeftover(
  pid: number,
  isOurServer: (info: ProcessInfo) => boolean,
): { state: 'gone' | 'orphan' | 'owned' | 'unknown'; info?: ProcessInfo; parent?: ProcessInfo } {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isProcessAlive(pid))
    return { state: 'gone' };
  const info = readProcessInfo(pid);
  if (!info) return { state: fs.existsSync('/proc/self') ? 'gone' : 'unknown' };
  if (!isOurServer(info)) return { state: 'gone', info };
  const parent = info.ppid > 1 ? readProcessInfo(info.ppid) : undefined;
  const parentIsNode = parent !== undefined && /node|jest/i.test(`${parent.comm} ${parent.cmdline[0] ?? ''}`);
  return { state: parentIsNode ? 'owned' : 'orphan', info, parent };
}

/** Sends signals to a pid we did not spawn, escalating, until it is gone. */
export async function terminatePid(pid: number, signals: Array<[NodeJS.Signals, number]>): Promise<boolean> {
  for (const [signal, waitMs] of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return true;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isProcessAlive(pid)) return true;
      await sleep(100);
    }
  }
  return !isProcessAlive(pid);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
