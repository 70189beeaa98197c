import 'reflect-metadata';
import { ConfigError, loadHubConfig } from '@vt/common';
import { loadDeadlinePolicy } from '@vt/deadlines';
import { createApiApp, listenApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadHubConfig();
  const app = await createApiApp(config, { deadlinePolicy: loadDeadlinePolicy() });
  await listenApi(app, config);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
