import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The JavaScript a browser downloads before the first screen (login) can show: the entry chunk and
 * every chunk it imports statically, gzipped (level 9, as a server would compress it). Screens
 * after login load lazily and are listed apart. Reads the build in dist/web (`npm run build:web`).
 */
const BUDGET_BYTES = 250 * 1000;
const root = resolve('dist/web');
const manifestPath = join(root, '.vite', 'manifest.json');

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function main(): void {
  if (!existsSync(manifestPath)) {
    process.stderr.write(`no build at ${root}: run npm run build:web first\n`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
  const gz = (file: string) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
  const first = new Set<string>();
  const visit = (key: string) => {
    if (first.has(key)) return;
    first.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  let total = 0;
  process.stdout.write('first screen (login), gzipped:\n');
  for (const key of first) {
    const size = gz(manifest[key].file);
    total += size;
    process.stdout.write(`  ${manifest[key].file}: ${kb(size)}\n`);
  }
  process.stdout.write(
    `  total: ${kb(total)} (budget ${kb(BUDGET_BYTES)}: ${total <= BUDGET_BYTES ? 'met' : 'MISSED'})\n`,
  );
  process.stdout.write('loaded after login, gzipped:\n');
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!first.has(key) && chunk.file.endsWith('.js')) process.stdout.write(`  ${chunk.file}: ${kb(gz(chunk.file))}\n`);
  }
  if (total > BUDGET_BYTES) process.exitCode = 1;
}

main();
