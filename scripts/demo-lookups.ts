import { DEV_CUSTODY_OIN } from '@vt/common';
import {
  DEV_HUB_ISSUER,
  devPseudonymKey,
  OIN_HEADER,
  PROTOCOL_PATHS,
  pseudonymFor,
  signHubToken,
  uuidV7,
} from '@vt/lookups-protocol';
import { DEMO_BSN } from '../apps/source-holder/src/seed/demo-seed-data';
import { devHubSigningKey } from './dev-hub-key';

/**
 * `node dist/scripts/demo-lookups.js [slug=url ...]`, while `npm run demo` runs: asks the demo's
 * source holders what the hub will ask them, as Veilig Thuis Midden, signed with the development
 * hub key: known-by for the demo household, a detail request to each partner (granted, refused,
 * left for a person) and the custody of their child. Without arguments the holders are expected
 * on DEMO_SOURCE_HOLDER_PORT (default 4101) and the three ports after it, as the demo prints them.
 */
const SLUGS = ['gi', 'rvdk', 'zvh', 'gezag'];

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function holderUrls(): Map<string, string> {
  const first = Number(process.env.DEMO_SOURCE_HOLDER_PORT || 4101);
  const urls = new Map(SLUGS.map((slug, index) => [slug, `http://127.0.0.1:${first + index}`]));
  for (const arg of process.argv.slice(2)) {
    const [slug, url] = arg.split('=');
    if (!SLUGS.includes(slug) || !url) throw new Error(`usage: demo-lookups.js [${SLUGS.join('|')}=<url> ...]`);
    urls.set(slug, url);
  }
  return urls;
}

async function call(
  url: string,
  audience: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const token = await signHubToken(devHubSigningKey(), {
    issuer: DEV_HUB_ISSUER,
    audience,
    organisation: 'vt-midden',
    organisationKind: 'veilig_thuis',
  });
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'x-transaction-id': uuidV7(),
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function main(): Promise<void> {
  const urls = holderUrls();
  const purpose = { doelbinding: 'wmo.veilig_thuis', zaakReferentie: 'VT-2026-DEMO' };
  const household = [
    ['Anna de Vries', DEMO_BSN.anna],
    ['Bram de Vries', DEMO_BSN.bram],
  ] as const;

  say('Bekendheid / known-by (pseudoniem per bronhouder / pseudonym per source holder):');
  for (const slug of ['gi', 'rvdk', 'zvh']) {
    for (const [name, bsn] of household) {
      const res = await call(urls.get(slug)!, slug, 'POST', PROTOCOL_PATHS.knownBy, {
        subject: { pseudoniem: pseudonymFor(bsn, devPseudonymKey(slug)) },
        redenVerzoek: 'veiligheidsbeoordeling',
        ...purpose,
      });
      const contact = res.body.contactpunt as { naam: string } | undefined;
      say(
        `  ${slug.padEnd(5)} ${name.padEnd(14)} ${String(res.body.uitslag ?? res.status)}${contact ? `  → ${contact.naam}` : ''}`,
      );
    }
  }

  say();
  say('Verrijking / detail requests (caseworker, veiligheidsbeoordeling, wettelijke taak):');
  for (const [slug, name, bsn] of [
    ['gi', 'Anna de Vries', DEMO_BSN.anna],
    ['rvdk', 'Bram de Vries', DEMO_BSN.bram],
    ['zvh', 'Anna de Vries', DEMO_BSN.anna],
  ] as const) {
    const url = urls.get(slug)!;
    const accepted = await call(url, slug, 'POST', PROTOCOL_PATHS.detailRequests, {
      subject: { burgerservicenummer: bsn },
      redenVerzoek: 'veiligheidsbeoordeling',
      grondslag: 'wettelijke_taak',
      verzoeker: { rol: 'caseworker' },
      ...purpose,
    });
    const id = accepted.body.interactieId as string;
    const answer = await call(url, slug, 'GET', `${PROTOCOL_PATHS.detailRequests}/${id}`);
    const detail =
      answer.body.status === 'TOEGEKEND'
        ? `gegevens: ${Object.keys(answer.body.gegevens as object).join(', ')}`
        : answer.body.status === 'GEWEIGERD'
          ? `reden: ${String(answer.body.reden)}`
          : `interactieId ${id}: besluit via POST <beheer-URL>/beheer/v1/verzoeken/${id}/besluit (zie de demo)`;
    say(`  ${slug.padEnd(5)} ${name.padEnd(14)} ${String(answer.body.status)}  ${detail}`);
  }

  say();
  say('Gezag / custody:');
  // The BRP API Gezag: only the BSNs in the body, the asking organisation's OIN in a header.
  const custody = await call(
    urls.get('gezag')!,
    'gezag',
    'POST',
    PROTOCOL_PATHS.custody,
    { burgerservicenummer: [DEMO_BSN.sem] },
    { [OIN_HEADER]: DEV_CUSTODY_OIN },
  );
  for (const person of (custody.body.personen ?? []) as {
    burgerservicenummer: string;
    gezag: { type: string; ouders?: { burgerservicenummer: string }[]; ouder?: { burgerservicenummer: string } }[];
  }[]) {
    for (const gezag of person.gezag) {
      const holders = [...(gezag.ouders ?? []), ...(gezag.ouder ? [gezag.ouder] : [])];
      say(`  ${person.burgerservicenummer}  ${gezag.type}: ${holders.map((h) => h.burgerservicenummer).join(', ')}`);
    }
  }
  if (custody.status !== 200) say(`  ${custody.status} ${String(custody.body.code)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
