import { runCli } from '@vt/common';
import { hubDocument } from './api-contract';

/** Writes the hub's published OpenAPI document to stdout, for linters and other tools. */
runCli(async () => {
  process.stdout.write(`${JSON.stringify(await hubDocument(), null, 2)}\n`);
});
