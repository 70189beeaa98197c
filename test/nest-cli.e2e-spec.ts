import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * nest-cli.json in monorepo mode. Each app is given a configuration value it must refuse, so it
 * stops at its start-up check: that answer can only come from the app's own entry file, and no
 * database or port is needed.
 */
describe('nest-cli.json: nest start <app> in monorepo mode', () => {
  const run = (command: string, args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done, fail) => {
      const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) => done({ code, output }));
    });

  const expectRefused = ({ code, output }: { code: number | null; output: string }, variable: string) => {
    expect(output).toContain('invalid configuration');
    expect(output).toContain(`${variable} is not a valid URL`);
    expect(code).toBe(1);
  };

  const projects = (
    JSON.parse(readFileSync(resolve('nest-cli.json'), 'utf8')) as {
      projects: Record<string, { entryFile: string }>;
    }
  ).projects;

  // One build for the file: it compiles the whole tree (one tsconfig), which the other tests run.
  let started: { code: number | null; output: string };
  beforeAll(async () => {
    started = await run(resolve('node_modules/.bin/nest'), ['start', 'api'], { DATABASE_URL: 'geen-url' });
  }, 180_000);

  it('nest start api builds the tree and runs the api', () => {
    expectRefused(started, 'DATABASE_URL');
  });

  // nest start <app> runs node on dist/<entryFile> after the same build.
  it.each([
    ['worker', 'DATABASE_URL'],
    ['source-holder', 'SOURCE_HOLDER_DATABASE_URL'],
  ])('the %s project names the entry file that runs that app', async (app, variable) => {
    expectRefused(
      await run(process.execPath, [resolve('dist', `${projects[app].entryFile}.js`)], { [variable]: 'geen-url' }),
      variable,
    );
  });

  it('names the three apps', () => {
    expect(Object.keys(projects).sort()).toEqual(['api', 'source-holder', 'worker']);
  });
});
