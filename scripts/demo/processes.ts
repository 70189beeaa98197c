import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Guardian } from './guardian';
import { nodeArgs } from './paths';

const TAIL_LINES = 20;
const KILL_AFTER_MS = 5000;

interface Child {
  name: string;
  handle: ChildProcess;
  tail: string[];
}

/**
 * Runs the demo's scripts and apps as child processes with their output prefixed by their name, and
 * stops them all together.
 */
export class Supervisor {
  private readonly children: Child[] = [];
  private stopping = false;

  /**
   * `onUnexpectedExit` runs when an app that should keep running exits by itself; the guardian stops
   * every child should the demo die without stopping them.
   */
  constructor(
    private readonly guardian: Guardian,
    private readonly onUnexpectedExit: (name: string, reason: string, tail: string) => void,
  ) {}

  private spawn(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): Child {
    // Nothing new once stopping began: it would outlive the stop.
    if (this.stopping) throw new Error(`${name}: de demo stopt / the demo is stopping`);
    // Detached (its own session and process group): Ctrl+C and a closed terminal reach only the
    // demo, which stops the apps in order.
    const handle = spawn(process.execPath, [...nodeArgs(script), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const { pid } = handle;
    if (pid !== undefined) {
      this.guardian.watch(pid);
      handle.once('exit', () => this.guardian.forget(pid));
    }
    const child: Child = { name, handle, tail: [] };
    for (const stream of [handle.stdout, handle.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        child.tail = [...child.tail.slice(1 - TAIL_LINES), line];
        process.stdout.write(`[${name}] ${line}\n`);
      });
    }
    this.children.push(child);
    return child;
  }

  /** Runs a built script to completion; rejects when it fails. */
  runOnce(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
    const child = this.spawn(name, script, args, env);
    return new Promise((done, fail) => {
      child.handle.on('error', fail);
      child.handle.on('exit', (code, signal) =>
        code === 0 ? done() : fail(new Error(`${name} mislukt / failed (${signal ?? `exit ${code}`})`)),
      );
    });
  }

  /** Starts an app that keeps running until `stopAll`. */
  start(name: string, script: string, env: NodeJS.ProcessEnv): void {
    const child = this.spawn(name, script, [], env);
    child.handle.on('exit', (code, signal) => {
      if (!this.stopping) this.onUnexpectedExit(name, signal ?? `exit ${code}`, this.tailOf(child));
    });
  }

  /** Waits until `url`/health/ready answers 2xx; names the app and shows its last lines on timeout. */
  async waitUntilReady(name: string, url: string, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((wake) => setTimeout(wake, 300));
    }
    const child = this.children.find((candidate) => candidate.name === name);
    throw new Error(
      `${name} werd niet gereed binnen ${timeoutMs / 1000} s / did not become ready within ${timeoutMs / 1000} s ` +
        `(${url}/health/ready). Laatste regels / last lines:\n${child ? this.tailOf(child) : ''}`,
    );
  }

  private tailOf(child: Child): string {
    return child.tail.join('\n') || '(geen uitvoer / no output)';
  }

  private running(): Child[] {
    return this.children.filter((child) => child.handle.exitCode === null && child.handle.signalCode === null);
  }

  /** SIGTERM to every child still running, SIGKILL to those still there after a few seconds. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.running().map(
        ({ handle }) =>
          new Promise<void>((done) => {
            const kill = setTimeout(() => handle.kill('SIGKILL'), KILL_AFTER_MS);
            handle.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            handle.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Last resort when the demo itself exits: nothing may outlive it. */
  killAllNow(): void {
    this.stopping = true;
    for (const { handle } of this.running()) handle.kill('SIGKILL');
  }
}
