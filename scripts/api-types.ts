import { runCli } from '@vt/common';
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { API_TYPES_FILE, apiTypes, hubDocument } from './api-contract';

/**
 * Generates the web app's api types from the hub's document; with `--check` it only fails when
 * the committed file differs from a fresh generation (test/openapi-valid.e2e-spec.ts runs that).
 */
runCli(async () => {
  const types = await apiTypes(await hubDocument());
  if (!process.argv.includes('--check')) return writeFile(API_TYPES_FILE, types);
  if ((await readFile(API_TYPES_FILE, 'utf8')) !== types)
    throw new Error(`${relative(process.cwd(), API_TYPES_FILE)} is stale: run npm run api:types`);
});
