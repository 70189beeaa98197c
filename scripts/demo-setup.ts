import { runCli } from '@vt/common';
import { seedDemoCases } from './demo/demo-cases';
import { DEMO_SOURCE_HOLDER_SLUGS, registerDemoSourceHolders } from './demo/demo-source-holders';
import { DEFAULT_DEMO_PASSWORD } from './seed-data';

/**
 * `node dist/scripts/demo-setup.js <slug>=<url> ...`: what `npm run demo` does through the running
 * api (API_URL, default http://127.0.0.1:3000) once it is up: the demo cases, and the demo source
 * holders registered at the given URLs. For docker-compose.yml, where the holders run at their
 * in-network URLs. Both steps add only what is missing (a moved URL is updated). Uses DEMO_PASSWORD.
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') throw new Error('demo-setup refuses to run with NODE_ENV=production');
  const apiUrl = (process.env.API_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const holders = process.argv.slice(2).map((arg) => {
    const [slug, url] = arg.split('=');
    if (!DEMO_SOURCE_HOLDER_SLUGS.includes(slug) || !url) {
      throw new Error(`usage: demo-setup.js <${DEMO_SOURCE_HOLDER_SLUGS.join('|')}>=<url> ... (got "${arg}")`);
    }
    return { slug, url };
  });
  const cases = await seedDemoCases(apiUrl, password);
  process.stdout.write(`demo setup: ${cases} demo cases created\n`);
  const registered = await registerDemoSourceHolders(apiUrl, password, holders);
  process.stdout.write(`demo setup: ${registered} source holders registered or moved\n`);
}

if (require.main === module) runCli(main);
