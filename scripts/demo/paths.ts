import { extname, resolve } from 'node:path';

/**
 * Whether the demo runs from its TypeScript sources (a test loads it with the swc register) or, as
 * `npm run demo` does, from the build output under dist/.
 */
const FROM_SOURCE = extname(__filename) === '.ts';

/** The folder the scripts and apps run from: dist/, or the repository itself when run from source. */
const RUN_ROOT = resolve(__dirname, '../..');

/** The repository, where the git-ignored .data/ folder lives. */
export const REPO_ROOT = FROM_SOURCE ? RUN_ROOT : resolve(RUN_ROOT, '..');

/** Node's arguments to run `script` (named by its built path, `scripts/migrate.js`) the way the demo runs. */
export function nodeArgs(script: string): string[] {
  if (!FROM_SOURCE) return [resolve(RUN_ROOT, script)];
  // The demo's own node flags (the swc register) carry over to its children.
  return [...process.execArgv, resolve(RUN_ROOT, script.replace(/\.js$/, '.ts'))];
}
