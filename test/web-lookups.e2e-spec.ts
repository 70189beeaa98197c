import http from 'node:http';
import net from 'node:net';
import { INestApplicationContext } from '@nestjs/common';
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
import { until } from './support/wait';
import {
  adminCall,
  deadUrl,
  HUB_KID,
  hubKeyPair,
  sourceHolderDatabase,
  startLookupsWorker,
  startSourceHolder,
  TEST_ADMIN_TOKEN,
  TEST_HUB_ISSUER,
  TEST_PSEUDONYM_KEY,
  TestSourceHolder,
} from './support/source-holder';

const ANNA = '123456782';
const SEM = '100023757';
const RELEASED = 'Ondertoezichtstelling sinds maart 2025 (web-e2e)';

/**
 * A stand-in source holder that answers "not known", at once or, while held, only once released:
 * the slow source whose row still says "bezig" while the others are in.
 */
async function slowSource() {
  let held: Promise<void> | null = null;
  let release: () => void = () => undefined;
  const server = http.createServer((_req, res) => {
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"uitslag":"NIET_BEKEND"}');
    void (held ?? Promise.resolve()).then(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    hold: () => {
      held = new Promise<void>((resolve) => (release = resolve));
    },
    release: () => {
      held = null;
      release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
  let slow: Awaited<ReturnType<typeof slowSource>>;
  let worker: INestApplicationContext;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  let email: string;
  let bronId: string;
  let platformToken: string;

  beforeAll(async () => {
    await buildWebApp();
    // Its own database: the source-holder registry is global, other files must not ask these sources.
    database = await isolatedDatabase('weblookups');
    const env = {
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      // Long enough for the slow source to be seen waiting in the browser before it is released.
      LOOKUP_TIMEOUT_MS: '8000',
      DETAIL_POLL_MS: '200',
      DETAIL_POLL_MAX_MS: '400',
    };
    hub = await startHub(env);
    // The worker sends detail requests to the source and polls for the decision.
    worker = await startLookupsWorker(hub, env);
    platformToken = await login(
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
        persons: [
          {
            bsn: ANNA,
            dossierReferentie: 'W-1',
            contactpunt: 'oost',
            gegevens: { betrokkenheid: { aard: RELEASED, sinds: '2025-03-01' } },
          },
        ],
        // No rule: a person at the source decides, through its review API.
        policy: [],
        custody: [],
      },
    );
    const register = async (sourceId: string, baseUrl: string, name: string, capabilities = ['known_by']) => {
      const org = await createOrganisation(hub.db, 'certified_institution');
      await hub.db.query(`UPDATE organisations SET name = $1 WHERE id = $2`, [name, org.id]);
      const res = await call(hub, 'POST', '/api/v1/source-holders', {
        token: platformToken,
        body: {
          sourceId,
          organisationId: org.id,
          baseUrl,
          capabilities,
          pseudonymKey: TEST_PSEUDONYM_KEY,
        },
      });
      if (res.status !== 201) throw new Error(`register ${sourceId}: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    bronId = await register('web-bron', holder.url, 'Bron die antwoordt', ['known_by', 'detail']);
    await register('web-plat', await deadUrl(), 'Bron die plat ligt');
    slow = await slowSource();
    await register('web-traag', slow.url, 'Bron die traag antwoordt');
    browser = await launchChromium();
    page = await (await browser.newContext({ locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await hub?.close();
    await slow?.close();
    await holder?.close();
    await holderDb?.drop();
    await database?.drop();
  });

  /** The case screen, logged in (once per page; a later visit restores the session from the cookie). */
  async function openCaseScreen() {
    await page.goto(`${hub.url}/casussen/${caseId}`);
    const title = page.getByRole('heading', { level: 1, name: /Casus VT-/ });
    const emailField = page.getByLabel('E-mailadres');
    await Promise.race([title.waitFor(), emailField.waitFor()]);
    if (await emailField.isVisible()) {
      await emailField.fill(email);
      await page.getByLabel('Wachtwoord').fill(PASSWORD);
      await page.getByRole('button', { name: 'Inloggen' }).click();
    }
    await title.waitFor();
    await openTab('Wie kent deze persoon?');
  }

  async function openTab(name: string) {
    await page.getByRole('tab', { name }).click();
    await page.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor();
  }

  const panel = () => page.getByRole('region', { name: /Samen onder Handbereik/ });
  const rowOf = (name: string) => panel().getByRole('table').getByRole('row').filter({ hasText: name });

  it('fills in each source as it answers, and shows a source that is down as down, never as "niet bekend"', async () => {
    await openCaseScreen();
    slow.hold();
    try {
      const askButton = panel().getByRole('button', { name: 'Wie kent Anna de Vries?' });
      await askButton.click();
      const up = rowOf('Bron die antwoordt');
      const down = rowOf('Bron die plat ligt');
      const waiting = rowOf('Bron die traag antwoordt');
      // Every source is listed at once; the answering one fills in while the slow one still waits.
      await up.filter({ hasText: 'Team Oost' }).waitFor();
      await down.filter({ hasText: 'Bron niet bereikbaar' }).waitFor();
      expect(await waiting.textContent()).toContain('Bezig…');
      // Busy, yet focus stays on the button (aria-disabled, not disabled, which would drop it to the page).
      expect(await askButton.getAttribute('aria-disabled')).toBe('true');
      await panel().locator('button:focus', { hasText: 'Wie kent Anna de Vries?' }).waitFor();
      expect(await up.textContent()).toContain('Bekend');
      expect(await down.textContent()).not.toContain('Niet bekend');
      expect(await panel().getByRole('status').first().textContent()).toBe('3 bronhouders worden bevraagd…');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, '11-samen-onder-handbereik');
    } finally {
      slow.release();
    }
    await rowOf('Bron die traag antwoordt').filter({ hasText: 'Niet bekend' }).waitFor();
    await panel()
      .getByRole('status')
      .filter({ hasText: 'Bevraging klaar voor 3 bronhouders: 1 bekend, 1 niet bereikbaar, 1 niet bekend.' })
      .waitFor();

    // Reflow (WCAG 1.4.10): at 320 px wide, the case with its widest table does not scroll sideways;
    // the table scrolls in its own container, a tab stop only while it has to.
    expect(await panel().locator('.vt-table-scroll[tabindex]').count()).toBe(0);
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await panel().locator('.vt-table-scroll[tabindex="0"]').first().waitFor();
    await screenshot(page, '11-samen-onder-handbereik-320px');
  });

  it('asks a source that knows the person for details, and shows the granted answer once', async () => {
    await openCaseScreen();
    await panel().getByRole('button', { name: 'Wie kent Anna de Vries?' }).click();
    await rowOf('Bron die antwoordt').filter({ hasText: 'Bekend' }).waitFor();
    await panel().getByRole('button', { name: 'Gegevens opvragen bij Bron die antwoordt' }).click();
    const form = panel().getByRole('form', { name: 'Gegevens opvragen bij Bron die antwoordt' });
    // Focus moves into the form that opened.
    await page.locator(':focus', { hasText: /^Gegevens opvragen bij Bron die antwoordt$/ }).waitFor();

    // The form's own check, at its field.
    await form.getByRole('button', { name: 'Verzoek versturen' }).click();
    const basis = form.getByLabel('Grondslag');
    expect(await basis.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('Kies de grondslag waarop u de gegevens vraagt.');

    // The api's field error, at its place: the source stopped taking detail requests meanwhile.
    const capabilities = (list: string[]) =>
      call(hub, 'PATCH', `/api/v1/source-holders/${bronId}`, { token: platformToken, body: { capabilities: list } });
    expect((await capabilities(['known_by'])).status).toBe(200);
    await basis.selectOption('wettelijke_taak');
    await form.getByLabel('Betrokkenheid').check();
    await form.getByRole('button', { name: 'Verzoek versturen' }).click();
    await form.getByText('deze organisatie neemt geen verrijkingsverzoeken aan').waitFor();
    expect(await form.getAttribute('aria-describedby')).toMatch(/organisationId-fout$/);
    expect((await capabilities(['known_by', 'detail'])).status).toBe(200);
    await form.getByRole('button', { name: 'Verzoek versturen' }).click();

    // Sent: pending until a person at the source decides.
    const status = panel().getByText(/^Status:/);
    await status.filter({ hasText: 'In behandeling' }).waitFor();
    const [request] = (await hub.db.query(
      `SELECT id FROM detail_requests WHERE case_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [caseId],
    )) as { id: string }[];
    const admin = { token: null, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } };
    const open = await until(
      'the request to reach the source',
      async () =>
        (
          await adminCall<{ items: { interactieId: string }[] }>(
            holder,
            'GET',
            '/beheer/v1/verzoeken?status=IN_BEHANDELING',
            admin,
          )
        ).body.items,
      (items) => items.length === 1,
    );
    const decided = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${open[0].interactieId}/besluit`, {
      ...admin,
      body: { besluit: 'TOEKENNEN', categorieen: ['betrokkenheid'], beoordelaar: 'W. de Beoordelaar' },
    });
    expect(decided.status).toBe(200);

    // Granted: shown, with the notice that it will not be shown again.
    await status.filter({ hasText: 'Verstrekt' }).waitFor({ timeout: 20_000 });
    const released = panel().getByRole('region', { name: 'Verstrekte gegevens van Bron die antwoordt' });
    await released.getByText(RELEASED).waitFor();
    expect(await released.textContent()).toContain('Betrokkenheid');
    expect(await panel().textContent()).toContain('Dit antwoord wordt maar één keer getoond.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '12-verrijkingsverzoek-verstrekt');

    // The hub handed it out once and deleted it; the panel does not ask for it again.
    const reads = async () =>
      (
        (await hub.db.query(
          `SELECT count(*)::int AS n FROM audit_entries
            WHERE subject_type = 'DetailRequest' AND action = 'read' AND subject_id = $1`,
          [request.id],
        )) as { n: number }[]
      )[0].n;
    const [row] = (await hub.db.query(
      `SELECT status, answer_ciphertext IS NULL AS deleted FROM detail_requests WHERE id = $1`,
      [request.id],
    )) as { status: string; deleted: boolean }[];
    expect(row).toEqual({ status: 'granted', deleted: true });
    const readsAtGrant = await reads();
    await page.waitForTimeout(2500);
    expect(await reads()).toBe(readsAtGrant);
    await released.getByText(RELEASED).waitFor();

    // The professional keeps what the case needs as a note: a draft of the answer, a category chosen.
    await panel().getByText('Vastleggen als notitie: antwoord van Bron die antwoordt').click();
    const noteForm = panel().getByRole('form', { name: 'Vastleggen als notitie' });
    const text = noteForm.getByLabel('Notitie', { exact: true });
    expect(await text.inputValue()).toContain('Verstrekt door Bron die antwoordt');
    expect(await text.inputValue()).toContain(RELEASED);
    await noteForm.getByRole('button', { name: 'Vastleggen als notitie' }).click();
    const category = noteForm.getByLabel('Wie mag de notitie lezen');
    expect(await category.getAttribute('aria-invalid')).toBe('true');
    await category.selectOption('safety');
    await text.fill(`Betrokkenheid GI: ${RELEASED}`);
    await noteForm.getByRole('button', { name: 'Vastleggen als notitie' }).click();
    await page.locator(':focus', { hasText: 'Vastgelegd als notitie' }).waitFor();
    await openTab('Notities en tijdlijn');
    const notes = page.getByRole('region', { name: 'Notities' });
    await notes.getByText(`Betrokkenheid GI: ${RELEASED}`).waitFor();
    expect(await notes.textContent()).toContain('(veiligheid)');
    await openTab('Wie kent deze persoon?');
    // Fetching the case again after the note left the answer on screen and unread at the hub.
    await released.getByText(RELEASED).waitFor();
    expect(await reads()).toBe(readsAtGrant);
    const [note] = (await hub.db.query(`SELECT category, text FROM case_notes WHERE case_id = $1`, [caseId])) as {
      category: string;
      text: string;
    }[];
    expect(note).toEqual({ category: 'safety', text: `Betrokkenheid GI: ${RELEASED}` });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
