import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { nodeArgs } from './paths';

/**
 * The demo's watchdog, for when the demo dies without stopping what it started (SIGKILL, a crash):
 * a process of its own session, so a closed terminal does not reach it, that reads what to clean up
 * from a pipe the demo holds. The kernel closes that pipe whatever way the demo ends; end-of-file
 * without a prior `release` means the demo did not stop its processes itself, so the guardian does.
 * Linux only needs no prctl for this, and the same works on macOS.
 */
type Message = { watch: number } | { forget: number } | { onCleanup: string[] } | { release: true };

const STOP_WAIT_MS = 5000;

/** The demo's side: tells the guardian what to stop should the demo disappear. */
export class Guardian {
  private released = false;

  private constructor(private readonly child: ChildProcess) {}

  static start(): Guardian {
    const child = spawn(process.execPath, nodeArgs('scripts/demo/guardian.js'), {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    // Neither the child nor its pipe may keep the demo's event loop alive.
    child.unref();
    (child.stdin as unknown as { unref(): void }).unref();
    child.stdin?.on('error', () => undefined);
    return new Guardian(child);
  }

  private send(message: Message): void {
    if (!this.released) this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** A process (and its process group) to stop. */
  watch(pid: number): void {
    this.send({ watch: pid });
  }

  forget(pid: number): void {
    this.send({ forget: pid });
  }

  /** A command that stops something that is no child process (pg_ctl stop), run after the processes stop. */
  onCleanup(command: string[]): void {
    this.send({ onCleanup: command });
  }

  /** The demo stopped everything itself: the guardian ends without doing anything. */
  release(): void {
    this.send({ release: true });
    this.released = true;
    this.child.stdin?.end();
  }
}

/** The kernel's start time of `pid`, so a pid reused by another process is never signalled; null when gone. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name before it (in parentheses) may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    // No /proc (macOS): the pid alone.
    return process.platform === 'linux' ? null : 'unknown';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  // The group first: an app's own children go with it.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, name);
      return;
    } catch {
      // Not a group leader, or gone.
    }
  }
}

async function cleanUp(watched: Map<number, string>, commands: string[][]): Promise<void> {
  const same = (pid: number, started: string) => startTimeOf(pid) === started;
  const mine = () => [...watched].filter(([pid, started]) => same(pid, started));
  for (const [pid] of mine()) signal(pid, 'SIGTERM');
  const until = Date.now() + STOP_WAIT_MS;
  while (mine().length > 0 && Date.now() < until) await new Promise((wake) => setTimeout(wake, 100));
  for (const [pid] of mine()) signal(pid, 'SIGKILL');
  for (const [program, ...args] of commands) {
    try {
      execFileSync(program, args, { stdio: 'ignore', timeout: 60_000 });
    } catch {
      // Already stopped.
    }
  }
}

function guard(): void {
  // Its own session already keeps terminal signals away; these are ignored should one be sent anyway.
  for (const name of ['SIGHUP', 'SIGINT'] as const) process.on(name, () => undefined);
  const watched = new Map<number, string>();
  const commands: string[][] = [];
  let released = false;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const message = JSON.parse(line) as Message;
    if ('watch' in message) {
      const started = startTimeOf(message.watch);
      if (started !== null) watched.set(message.watch, started);
    } else if ('forget' in message) {
      watched.delete(message.forget);
    } else if ('onCleanup' in message) {
      commands.push(message.onCleanup);
    } else {
      released = true;
    }
  });
  lines.on('close', () => {
    if (released) process.exit(0);
    void cleanUp(watched, commands).finally(() => process.exit(0));
  });
}

if (require.main === module) guard();
