import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from '@vt/common';
import { createSourceHolderApp } from './bootstrap';
import { loadSourceHolderConfig } from './source-holder-config';

async function main(): Promise<void> {
  const config = loadSourceHolderConfig();
  const app = await createSourceHolderApp(config);
  await app.listen(config.port, config.host);
  // The demo runs one instance per partner; the organisation tells their log lines apart.
  new Logger('source-holder').log({
    msg: 'listening',
    organisation: config.organisation,
    host: config.host,
    port: config.port,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
