export type CheckState = 'up' | 'down';

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckState>;
}

/** A probe that hangs counts as down: readiness must answer quickly whatever a dependency does. */
async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the named checks in parallel; the caller answers 503 unless the status is `ok`. */
export async function readiness(checks: Record<string, () => Promise<unknown>>, timeoutMs = 2000): Promise<Readiness> {
  const names = Object.keys(checks);
  const states = await Promise.all(names.map((name) => probe(checks[name], timeoutMs)));
  return {
    status: states.every((state) => state === 'up') ? 'ok' : 'unavailable',
    checks: Object.fromEntries(names.map((name, i) => [name, states[i]])),
  };
}
