import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { buildWebApp, CHROMIUM, hasChromium, pagePerTest } from './support/browser';
import { openCase, veiligThuis } from './support/cases';
import { call, Hub, startHub } from './support/hub';

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-figures.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

/** The quarter an instant falls in, in Amsterdam: '2026-Q4'. */
function quarterOf(instant: Date): string {
  const [year, month] = instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' }).split('-').map(Number);
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Quarterly figures on the dashboard (docs/figures.md). */
describeWithBrowser('web app: quarterly figures in Chromium', () => {
  const session = pagePerTest([401]);
  const { expectAccessible, logIn } = session;
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });
  let hub: Hub;

  beforeAll(async () => {
    await buildWebApp();
    hub = await startHub();
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('a supervisor reads the last eight quarters on the dashboard and downloads them as CSV', async () => {
    const vt = await veiligThuis(hub);
    await openCase(hub, vt.caseworker.token);
    await openCase(hub, vt.caseworker.token, { reporter: { kind: 'professional', name: 'Dr. Jansen' } });
    const advice = await call(hub, 'POST', '/api/v1/advice-requests', {
      token: vt.caseworker.token,
      body: {
        askedAt: new Date(Date.now() - 60_000).toISOString(),
        anonymous: true,
        requester: { kind: 'citizen' },
        subjects: ['partner_violence'],
        question: 'Wat kan ik doen?',
        advice: 'Een melding doen.',
        durationMinutes: 5,
      },
    });
    expect(advice.status).toBe(201);

    await page.goto(`${hub.url}/dashboard`);
    await logIn(vt.supervisor.user.email);
    const figures = page.getByRole('region', { name: 'Kwartaalcijfers, laatste acht kwartalen' });
    const current = quarterOf(new Date());
    const row = figures.getByRole('row', { name: new RegExp(`^${current}`) });
    await row.waitFor();
    expect(await figures.getByRole('row').count()).toBe(9);
    // Two reports and one advice request this quarter, in the columns of their figures.
    expect(await row.getByRole('cell').allTextContents()).toEqual([' 2', ' 1', '0', '— van 0', '— van 0', '0', '1']);
    await expectAccessible('kwartaalcijfers');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      figures.getByRole('button', { name: 'Kwartaalcijfers downloaden (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kwartaalcijfers-\d{4}-Q\d-\d{4}-Q\d\.csv$/);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^kwartaal;adviesvragen;meldingen;meldingen_professional;meldingen_burger;/);
    expect(lines.find((line) => line.startsWith(current))).toMatch(new RegExp(`^${current};1;2;1;1;0;`));
    expect(lines).toHaveLength(10);
  });
});
