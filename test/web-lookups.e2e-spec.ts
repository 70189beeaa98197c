import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { caseBody, member, openCase } from './support/cases';
import {
  buildWebApp,
  CHROMIUM,
  hasChromium,
  launchChromium,
  screenshot,
  seriousAxeViolations,
} from './support/browser';
import { call, createOrganisation, createUser, Hub, isolatedDatabase, login, PASSWORD, startHub } from './support/hub';
import {
  hubKeyPair,
  HUB_KID,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
} from './support/source-holder';

const ANNA = '123456782';
const SEM = '100023757';

/** A port nothing listens on: a source holder that is down. */
async function deadUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const describeWithBrowser = hasChromium ? describe : describe.skip;
if (!hasChromium) {
  process.stdout.write(`web-lookups.e2e-spec: ${CHROMIUM} ontbreekt / missing, browser tests skipped\n`);
}

describeWithBrowser('web app: Samen onder Handbereik panel in Chromium', () => {
  let database: { url: string; drop(): Promise<void> };
  let holderDb: { drop(): Promise<void> };
  let hub: Hub;
  let holder: TestSourceHolder;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let email: string;

  beforeAll(async () => {
    await buildWebApp();
    // Its own database: the source-holder registry is global, other files must not ask these sources.
    database = await isolatedDatabase('weblookups');
    hub = await startHub({
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      LOOKUP_TIMEOUT_MS: '800',
    });
    const platform = await login(
      hub,
      (await createUser(hub.db, (await createOrganisation(hub.db, 'platform')).id, ['platform_admin'])).email,
    );
    const vt = await createOrganisation(hub.db, 'veilig_thuis');
    const caseworker = await member(hub, vt, ['caseworker']);
    email = caseworker.user.email;
    const opened = await openCase(hub, caseworker.token, {
      persons: [
        ...caseBody().persons,
        { role: 'child', bsn: SEM, firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2019-03-04' },
      ],
    });
    caseId = opened.id as string;

    const db = await sourceHolderDatabase();
    holderDb = db;
    holder = await startSourceHolder(
      db.url,
      { SOURCE_HOLDER_ORGANISATION: 'web-bron' },
      {
        contactPoints: [{ code: 'oost', naam: 'Team Oost', telefoon: '088 765 4321', email: 'oost@bron.example' }],
        persons: [{ bsn: ANNA, dossierReferentie: 'W-1', contactpunt: 'oost', gegevens: {} }],
        policy: [],
        custody: [],
      },
    );
    const register = async (sourceId: string, baseUrl: string, name: string) => {
      const org = await createOrganisation(hub.db, 'certified_institution');
      await hub.db.query(`UPDATE organisations SET name = $1 WHERE id = $2`, [name, org.id]);
      const res = await call(hub, 'POST', '/api/v1/source-holders', {
        token: platform,
        body: {
          sourceId,
          organisationId: org.id,
          baseUrl,
          capabilities: ['known_by'],
          pseudonymKey: TEST_PSEUDONYM_KEY,
        },
      });
      if (res.status !== 201) throw new Error(`register ${sourceId}: ${res.status} ${res.text}`);
    };
    await register('web-bron', holder.url, 'Bron die antwoordt');
    await register('web-plat', await deadUrl(), 'Bron die plat ligt');
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await holder?.close();
    await holderDb?.drop();
    await database?.drop();
  });

  it('asks every source at once and shows a source that is down as down, never as "niet bekend"', async () => {
    await page.goto(`${hub.url}/casussen/${caseId}`);
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('heading', { level: 1, name: /Casus VT-/ }).waitFor();

    await page.getByRole('button', { name: 'Wie kent Anna de Vries?' }).click();
    const results = page.getByRole('region', { name: /Samen onder Handbereik/ }).getByRole('table');
    const down = results.getByRole('row').filter({ hasText: 'Bron die plat ligt' });
    const up = results.getByRole('row').filter({ hasText: 'Bron die antwoordt' });
    await down.waitFor();
    expect(await up.textContent()).toContain('Bekend');
    expect(await up.textContent()).toContain('Team Oost');
    expect(await down.textContent()).toContain('Bron niet bereikbaar');
    expect(await down.textContent()).not.toContain('Niet bekend');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '11-samen-onder-handbereik');
  });
});
