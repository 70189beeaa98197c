import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataDir, ClaimResult, DemoOwner } from './locks';

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid;
}

function claimOf(result: ClaimResult) {
  if (!('claim' in result)) throw new Error(`refused: ${JSON.stringify(result.conflicts)}`);
  return result.claim;
}

describe('claimDataDir', () => {
  let dir: string;
  const me: DemoOwner = { pid: process.pid, host: hostname(), api: 'http://127.0.0.1:3000' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vt-demo-claim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses while another demo holds the private servers, naming it', () => {
    // One on another machine cannot be checked, so it counts as running.
    const elsewhere = { ...me, host: 'another-machine' };
    writeFileSync(join(dir, 'demo-owner.json'), JSON.stringify(elsewhere));
    expect(claimDataDir(dir, { ...me, api: 'http://127.0.0.1:3001' })).toEqual({
      conflicts: [
        {
          what: `PostgreSQL/Redis onder / under ${dir}`,
          by: `demo pid ${me.pid} op / on another-machine, api http://127.0.0.1:3000`,
        },
      ],
    });
  });

  it('leaves a claim that is no longer its own when it releases', async () => {
    const claim = claimOf(claimDataDir(dir, me));
    writeFileSync(join(dir, 'demo-owner.json'), JSON.stringify({ ...me, host: 'another-machine' }));
    await claim.release();
    expect(existsSync(join(dir, 'demo-owner.json'))).toBe(true);
  });

  it('releases its own claim', async () => {
    const claim = claimOf(claimDataDir(dir, me));
    expect(JSON.parse(readFileSync(join(dir, 'demo-owner.json'), 'utf8'))).toEqual(me);
    await claim.release();
    expect(existsSync(join(dir, 'demo-owner.json'))).toBe(false);
  });

  it('takes over the claim of a demo that has gone on this machine', () => {
    writeFileSync(join(dir, 'demo-owner.json'), JSON.stringify({ ...me, pid: deadPid() }));
    claimOf(claimDataDir(dir, me));
    expect(JSON.parse(readFileSync(join(dir, 'demo-owner.json'), 'utf8'))).toEqual(me);
  });

  it('takes over a claim whose live pid is no demo (a reused pid)', () => {
    // This very process: alive, but its command line is jest's, not scripts/demo.js or .ts.
    writeFileSync(join(dir, 'demo-owner.json'), JSON.stringify(me));
    claimOf(claimDataDir(dir, { ...me, api: 'http://127.0.0.1:3001' }));
  });
});
