import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, createJsonLogger, loadHubConfig } from '@vt/common';
import { loadDeadlinePolicy } from '@vt/deadlines';
import { WorkerModule } from './worker.module';

/** No HTTP: an application context that runs the queue processors until SIGTERM. */
async function main(): Promise<void> {
  const config = loadHubConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, loadDeadlinePolicy()), {
    logger: createJsonLogger(config.logLevel),
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
