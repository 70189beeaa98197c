import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from '@vt/common';
import { createSourceHolderApp, listenSourceHolder } from './bootstrap';
import { loadSourceHolderConfig } from './source-holder-config';

async function main(): Promise<void> {
  const config = loadSourceHolderConfig();
  const app = await createSourceHolderApp(config);
  const listeners = await listenSourceHolder(app, config);
  // The demo runs one instance per partner; the organisation tells their log lines apart.
  new Logger('source-holder').log({
    msg: 'listening',
    organisation: config.organisation,
    ...listeners,
    mutualTls: config.tls !== null,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
