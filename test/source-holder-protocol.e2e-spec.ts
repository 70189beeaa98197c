import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { SourceHolderSeed } from '../apps/source-holder/src/seed/source-holder-seed';
import { pseudonymFor, signHubToken } from '../libs/lookups-protocol/src';
import {
  adminCall,
  hubKeyPair,
  hubToken,
  HUB_KID,
  loggedRequests,
  shCall,
  sourceHolderDatabase,
  startSourceHolder,
  TEST_ADMIN_TOKEN,
  TEST_HUB_ISSUER,
  TestSourceHolder,
  transactionId,
} from './support/source-holder';

/** Fictitious persons: known with a contact point, known but unsure, and one nobody knows. */
const KNOWN = '123456782';
const UNSURE = '100039595';
const STRANGER = '111222333';
const TEAM = { naam: 'Team Jeugdbescherming Oost (e2e)', telefoon: '088 123 4567', email: 'team-oost@bron.example' };
const DETAILS = {
  betrokkenheid: { aard: 'Ondertoezichtstelling e2e-geheim-betrokkenheid' },
  maatregelen: [{ soort: 'e2e-geheim-maatregel' }],
  veiligheid: { afspraken: 'e2e-geheim-veiligheid' },
  contactgegevens: { jeugdbeschermer: 'e2e-geheim-jeugdbeschermer' },
};
const REFUSAL = 'e2e: politie krijgt hier niets zonder wettelijke grondslag';

const SEED: SourceHolderSeed = {
  contactPoints: [{ code: 'oost', ...TEAM }],
  persons: [
    { bsn: KNOWN, dossierReferentie: 'E2E-0001', contactpunt: 'oost', gegevens: DETAILS },
    {
      bsn: UNSURE,
      dossierReferentie: 'E2E-0002',
      contactpunt: 'oost',
      identiteitBevestigd: false,
      gegevens: { betrokkenheid: { aard: 'e2e-geheim-onzeker' } },
    },
  ],
  policy: [
    {
      organisationKind: 'veilig_thuis',
      legalBasis: 'wettelijke_taak',
      decision: 'TOEKENNEN',
      categories: ['betrokkenheid', 'maatregelen'],
    },
    { organisationKind: 'police', decision: 'WEIGEREN', refusalReason: REFUSAL },
    { organisationKind: 'veilig_thuis', legalBasis: 'toestemming', decision: 'BEOORDELEN' },
  ],
  custody: [],
};

const knownBy = (pseudoniem: string) => ({
  subject: { pseudoniem },
  redenVerzoek: 'veiligheidsbeoordeling',
  doelbinding: 'wvggz.huiselijk_geweld',
  zaakReferentie: 'VT-2026-000123',
});

const detailRequest = (bsn: string, overrides: Record<string, unknown> = {}) => ({
  subject: { burgerservicenummer: bsn },
  redenVerzoek: 'veiligheidsbeoordeling',
  doelbinding: 'wmo.veilig_thuis',
  grondslag: 'wettelijke_taak',
  zaakReferentie: 'VT-2026-000124',
  verzoeker: { rol: 'caseworker' },
  ...overrides,
});

describe('source holder: known-by and detail requests over the protocol', () => {
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let holder: TestSourceHolder;
  const admin = { token: TEST_ADMIN_TOKEN };

  beforeAll(async () => {
    database = await sourceHolderDatabase();
    holder = await startSourceHolder(database.url, {}, SEED);
  });

  afterAll(async () => {
    await holder?.close();
    await database?.drop();
  });

  async function logOf(transaction: string) {
    const rows = await loggedRequests(holder, 'transaction_id = $1', [transaction]);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  describe('known-by (bekendheid)', () => {
    it('answers BEKEND with the contact point for a known pseudonym, and logs the question without the answer', async () => {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: knownBy(holder.pseudonym(KNOWN)),
        headers: { traceparent },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ uitslag: 'BEKEND', contactpunt: TEAM });
      expect(await logOf(res.transactionId)).toMatchObject({
        operation: 'POST /bekendheid/v1/bevragingen',
        requesting_organisation: 'vt-e2e',
        requesting_organisation_kind: 'veilig_thuis',
        purpose: 'wvggz.huiselijk_geweld',
        reason: 'veiligheidsbeoordeling',
        subject_ref: holder.pseudonym(KNOWN),
        answer_class: 'BEKEND',
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
        status: 200,
      });
    });

    it('answers NIET_BEKEND for a pseudonym it does not hold, and NIET_TE_BEPALEN for an unconfirmed identity', async () => {
      const miss = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: knownBy(holder.pseudonym(STRANGER)),
      });
      expect(miss).toMatchObject({ status: 200, body: { uitslag: 'NIET_BEKEND' } });
      expect(miss.body).not.toHaveProperty('contactpunt');
      expect(await logOf(miss.transactionId)).toMatchObject({ answer_class: 'NIET_BEKEND', status: 200 });
      const unsure = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: knownBy(holder.pseudonym(UNSURE)),
      });
      expect(unsure).toMatchObject({ status: 200, body: { uitslag: 'NIET_TE_BEPALEN' } });
      expect(unsure.body).not.toHaveProperty('contactpunt');
    });

    it('does not match a pseudonym made with another key (the hub must use the key it shares with this source)', async () => {
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: knownBy(pseudonymFor(KNOWN, 'another-source-holders-shared-key-0123456789')),
      });
      expect(res.body).toEqual({ uitslag: 'NIET_BEKEND' });
    });

    it('refuses an invalid body with the documented error body, and logs it', async () => {
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: {
          subject: { pseudoniem: KNOWN },
          redenVerzoek: 'nieuwsgierigheid',
          doelbinding: 'Vrije tekst met een naam',
          zaakReferentie: 'VT-2026-000123',
          extra: true,
        },
        headers: { 'x-request-id': '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a12' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'common.validation',
        message: 'Ongeldige invoer / invalid input',
        requestId: '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a12',
      });
      const fields = (res.body.details as { field: string }[]).map((detail) => detail.field).sort();
      expect(fields).toEqual(['doelbinding', 'extra', 'redenVerzoek', 'subject.pseudoniem']);
      const logged = await logOf(res.transactionId);
      expect(logged).toMatchObject({
        answer_class: 'ONGELDIG_VERZOEK',
        status: 400,
        requesting_organisation: 'vt-e2e',
      });
      expect(logged.subject_ref).toBeNull();
    });

    it('requires X-Transaction-Id as a UUID v7 and ignores an invalid traceparent', async () => {
      for (const value of [undefined, 'not-a-uuid', '0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11']) {
        const res = await fetch(`${holder.url}/bekendheid/v1/bevragingen`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await hubToken()}`,
            'content-type': 'application/json',
            ...(value ? { 'x-transaction-id': value } : {}),
          },
          body: JSON.stringify(knownBy(holder.pseudonym(KNOWN))),
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { details: unknown[] }).details).toEqual([
          { field: 'X-Transaction-Id', message: 'verplicht, een UUID versie 7 / required, a UUID version 7' },
        ]);
      }
      const invalidTrace = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        body: knownBy(holder.pseudonym(KNOWN)),
        headers: { traceparent: 'garbage' },
      });
      expect(invalidTrace.status).toBe(200);
      expect((await logOf(invalidTrace.transactionId)).trace_id).toBeNull();
    });
  });

  describe('authentication', () => {
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const cases: [string, () => Promise<string | null>, string][] = [
      ['no token', async () => null, 'geen_token'],
      ['a forged signature (another key, the hub key id)', () => hubToken({ key: otherKey }), 'handtekening'],
      ['another audience', () => hubToken({ audience: 'another-source' }), 'audience'],
      ['another issuer', () => hubToken({ issuer: 'a-rogue-hub' }), 'issuer'],
      [
        'an expired token',
        () => hubToken({ issuedAt: Math.floor(Date.now() / 1000) - 200, lifetimeSeconds: 60 }),
        'verlopen',
      ],
      ['a lifetime over five minutes', () => hubToken({ lifetimeSeconds: 3600 }), 'te_lange_geldigheid'],
      ['an unknown key id', () => hubToken({ kid: 'unknown-key' }), 'onbekende_sleutel'],
      [
        'a shared-secret algorithm',
        () =>
          new SignJWT({ org_kind: 'veilig_thuis' })
            .setProtectedHeader({ alg: 'HS256', kid: HUB_KID })
            .setIssuer('vt-hub-e2e')
            .setAudience('e2e-bron')
            .setSubject('vt-e2e')
            .setJti('x')
            .setIssuedAt()
            .setExpirationTime('60s')
            .sign(new TextEncoder().encode('a-guessed-shared-secret-of-32-chars!')),
        'algoritme',
      ],
      ['an unknown organisation kind', () => hubToken({ organisationKind: 'bakery' }), 'claims'],
      ['a token of another type', () => hubToken({ typ: 'JWT' }), 'type'],
      ['a token for this and another source', () => hubToken({ audienceList: ['e2e-bron', 'other'] }), 'audience'],
    ];

    it.each(cases)('refuses %s with 401 and logs why', async (_label, token, reason) => {
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        token: await token(),
        body: knownBy(holder.pseudonym(KNOWN)),
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        code: 'source_holder.unauthenticated',
        message: 'Niet geauthenticeerd / not authenticated',
        details: [],
      });
      // The values, not the member names: RFC 9457's `type` member is no leaked reason.
      expect(JSON.stringify(Object.values(res.body))).not.toContain(reason);
      expect(await logOf(res.transactionId)).toMatchObject({
        operation: 'POST /bekendheid/v1/bevragingen',
        answer_class: 'NIET_GEAUTHENTICEERD',
        denial_reason: reason,
        requesting_organisation: null,
        status: 401,
      });
    });

    it('accepts a token once: a replay is refused with 401 and logged with whom it named', async () => {
      const token = await hubToken({ organisation: 'vt-replay' });
      const first = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        token,
        body: knownBy(holder.pseudonym(KNOWN)),
      });
      expect(first.status).toBe(200);
      const replay = await shCall(holder, 'POST', '/verrijking/v1/verzoeken', { token, body: detailRequest(KNOWN) });
      expect(replay).toMatchObject({ status: 401, body: { code: 'source_holder.unauthenticated' } });
      expect(await logOf(replay.transactionId)).toMatchObject({
        answer_class: 'NIET_GEAUTHENTICEERD',
        denial_reason: 'hergebruik',
        requesting_organisation: 'vt-replay',
        status: 401,
      });
      expect(
        await holder.db.query(`SELECT 1 FROM detail_requests WHERE requesting_organisation = 'vt-replay'`),
      ).toEqual([]);
    });

    it('accepts the token the shared signer makes (what the hub uses)', async () => {
      const token = await signHubToken(
        { key: hubKeyPair.privateKey, kid: HUB_KID, alg: 'EdDSA' },
        { issuer: TEST_HUB_ISSUER, audience: 'e2e-bron', organisation: 'vt-e2e', organisationKind: 'veilig_thuis' },
      );
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        token,
        body: knownBy(holder.pseudonym(KNOWN)),
      });
      expect(res).toMatchObject({ status: 200, body: { uitslag: 'BEKEND' } });
    });

    it('takes the requesting organisation from the token, never from a header', async () => {
      const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
        token: await hubToken({ organisation: 'politie-e2e', organisationKind: 'police' }),
        body: knownBy(holder.pseudonym(KNOWN)),
        headers: { 'x-organisation': 'vt-e2e', 'x-requesting-organisation': 'vt-e2e' },
      });
      expect(res.status).toBe(200);
      expect(await logOf(res.transactionId)).toMatchObject({
        requesting_organisation: 'politie-e2e',
        requesting_organisation_kind: 'police',
      });
    });
  });

  describe('detail requests (verrijking)', () => {
    async function submit(body: unknown, token?: string) {
      const res = await shCall<{ interactieId: string }>(holder, 'POST', '/verrijking/v1/verzoeken', { body, token });
      expect(res.status).toBe(202);
      expect(res.body.interactieId).toMatch(/^[0-9a-f-]{36}$/);
      return res;
    }
    const poll = (id: string, token?: string) => shCall(holder, 'GET', `/verrijking/v1/verzoeken/${id}`, { token });
    // A token is good for one request: each call gets a fresh one.
    const policeToken = () => hubToken({ organisation: 'politie-e2e', organisationKind: 'police' });

    it('grants by policy only the categories the policy allows and were asked for', async () => {
      const all = await submit(detailRequest(KNOWN));
      expect(await poll(all.body.interactieId)).toMatchObject({
        status: 200,
        body: {
          status: 'TOEGEKEND',
          gegevens: { betrokkenheid: DETAILS.betrokkenheid, maatregelen: DETAILS.maatregelen },
        },
      });
      expect(Object.keys((await poll(all.body.interactieId)).body.gegevens as object).sort()).toEqual([
        'betrokkenheid',
        'maatregelen',
      ]);
      const narrow = await submit(detailRequest(KNOWN, { vragen: ['maatregelen', 'veiligheid'] }));
      const answer = await poll(narrow.body.interactieId);
      expect(answer.body).toEqual({ status: 'TOEGEKEND', gegevens: { maatregelen: DETAILS.maatregelen } });
      expect(await logOf(narrow.transactionId)).toMatchObject({
        operation: 'POST /verrijking/v1/verzoeken',
        answer_class: 'TOEGEKEND',
        legal_basis: 'wettelijke_taak',
        purpose: 'wmo.veilig_thuis',
        subject_ref: holder.pseudonym(KNOWN),
        interaction_id: narrow.body.interactieId,
        status: 202,
      });
      expect(await logOf(answer.transactionId)).toMatchObject({
        operation: 'GET /verrijking/v1/verzoeken/:interactieId',
        answer_class: 'TOEGEKEND',
        interaction_id: narrow.body.interactieId,
        status: 200,
      });
    });

    it('never grants by policy about a record whose identity the source is unsure of: a person decides', async () => {
      const res = await submit(detailRequest(UNSURE));
      const id = res.body.interactieId;
      expect((await poll(id)).body).toEqual({ status: 'IN_BEHANDELING' });
      expect(await logOf(res.transactionId)).toMatchObject({ answer_class: 'IN_BEHANDELING', status: 202 });
      const pending = await adminCall<{ items: Record<string, unknown>[] }>(
        holder,
        'GET',
        '/beheer/v1/verzoeken?status=IN_BEHANDELING',
        admin,
      );
      expect(pending.body.items.find((item) => item.interactieId === id)).toMatchObject({
        dossierReferentie: 'E2E-0002',
        identiteitBevestigd: false,
      });
      // A policy refusal still comes first, as for anyone.
      const refused = await submit(detailRequest(UNSURE), await policeToken());
      expect((await poll(refused.body.interactieId, await policeToken())).body).toMatchObject({
        status: 'GEWEIGERD',
        redenCode: 'beleid',
      });
      expect((await poll(id)).text).not.toContain('e2e-geheim-onzeker');
    });

    it('serves a grant for a limited time only, and only as the record was when decided', async () => {
      const expiring = await submit(detailRequest(KNOWN));
      const id = expiring.body.interactieId;
      expect((await poll(id)).body).toMatchObject({ status: 'TOEGEKEND' });
      await holder.db.query(`UPDATE detail_requests SET decided_at = now() - interval '25 hours' WHERE id = $1`, [id]);
      const expired = await poll(id);
      expect(expired.body).toEqual({ status: 'FOUT', reden: expect.any(String), redenCode: 'verlopen' });
      expect(await logOf(expired.transactionId)).toMatchObject({ answer_class: 'FOUT', denial_reason: 'verlopen' });
      const fresh = await submit(detailRequest(KNOWN));
      expect((await poll(fresh.body.interactieId)).body).toMatchObject({ status: 'TOEGEKEND' });

      await holder.db.query(
        `UPDATE known_persons SET details = details || '{"e2e_wijziging": true}' WHERE file_reference = 'E2E-0001'`,
      );
      const changed = await poll(fresh.body.interactieId);
      expect(changed.body).toEqual({ status: 'FOUT', reden: expect.any(String), redenCode: 'gewijzigd' });
      expect(changed.text).not.toContain('e2e-geheim');
      const again = await submit(detailRequest(KNOWN));
      expect((await poll(again.body.interactieId)).body).toMatchObject({ status: 'TOEGEKEND' });
    });

    it('refuses by policy with a reason, as a normal answer', async () => {
      const res = await submit(detailRequest(KNOWN), await policeToken());
      expect(await poll(res.body.interactieId, await policeToken())).toMatchObject({
        status: 200,
        body: { status: 'GEWEIGERD', reden: REFUSAL, redenCode: 'beleid' },
      });
      expect(await logOf(res.transactionId)).toMatchObject({ answer_class: 'GEWEIGERD', status: 202 });
    });

    it('refuses a request about a person it does not know, and what was asked outside the policy', async () => {
      const stranger = await submit(detailRequest(STRANGER));
      expect((await poll(stranger.body.interactieId)).body).toMatchObject({
        status: 'GEWEIGERD',
        redenCode: 'niet_bekend',
      });
      const outside = await submit(detailRequest(KNOWN, { vragen: ['veiligheid'] }));
      expect((await poll(outside.body.interactieId)).body).toMatchObject({
        status: 'GEWEIGERD',
        redenCode: 'buiten_beleid',
      });
    });

    it('leaves a request without a deciding rule to a person, who decides through the local API', async () => {
      const res = await submit(
        detailRequest(KNOWN, { grondslag: 'toestemming', vragen: ['betrokkenheid', 'veiligheid'] }),
      );
      const id = res.body.interactieId;
      expect((await poll(id)).body).toEqual({ status: 'IN_BEHANDELING' });

      const pending = await adminCall<{ items: Record<string, unknown>[] }>(
        holder,
        'GET',
        '/beheer/v1/verzoeken?status=IN_BEHANDELING',
        admin,
      );
      expect(pending.status).toBe(200);
      const item = pending.body.items.find((candidate) => candidate.interactieId === id);
      expect(item).toMatchObject({
        status: 'IN_BEHANDELING',
        verzoeker: { organisatie: 'vt-e2e', soort: 'veilig_thuis', rol: 'caseworker' },
        grondslag: 'toestemming',
        vragen: ['betrokkenheid', 'veiligheid'],
        dossierReferentie: 'E2E-0001',
      });
      expect(JSON.stringify(pending.body)).not.toContain(KNOWN);

      const notAsked = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${id}/besluit`, {
        ...admin,
        body: { besluit: 'TOEKENNEN', categorieen: ['maatregelen'], beoordelaar: 'A. de Beoordelaar' },
      });
      expect(notAsked).toMatchObject({ status: 400, body: { details: [{ field: 'categorieen' }] } });
      const incomplete = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${id}/besluit`, {
        ...admin,
        body: { besluit: 'WEIGEREN', beoordelaar: 'A. de Beoordelaar' },
      });
      expect(incomplete).toMatchObject({ status: 400, body: { details: [{ field: 'reden' }] } });

      const decided = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${id}/besluit`, {
        ...admin,
        body: { besluit: 'TOEKENNEN', categorieen: ['veiligheid'], beoordelaar: 'A. de Beoordelaar' },
      });
      expect(decided).toMatchObject({
        status: 200,
        body: {
          interactieId: id,
          status: 'TOEGEKEND',
          besluit: { categorieen: ['veiligheid'], door: 'beheer:A. de Beoordelaar' },
        },
      });
      expect((await poll(id)).body).toEqual({ status: 'TOEGEKEND', gegevens: { veiligheid: DETAILS.veiligheid } });
      expect(await logOf(decided.transactionId)).toMatchObject({
        operation: 'POST /beheer/v1/verzoeken/:interactieId/besluit',
        requesting_organisation: 'beheer',
        answer_class: 'TOEGEKEND',
        interaction_id: id,
        status: 200,
      });

      const again = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${id}/besluit`, {
        ...admin,
        body: { besluit: 'WEIGEREN', reden: 'Toch niet.', beoordelaar: 'B. Tweede' },
      });
      expect(again).toMatchObject({ status: 409, body: { code: 'source_holder.not_pending' } });
    });

    it('lets a person refuse with a reason the professional reads', async () => {
      const res = await submit(detailRequest(KNOWN, { grondslag: 'toestemming' }));
      const id = res.body.interactieId;
      const reason = 'Toestemming van de betrokkene ontbreekt in het verzoek.';
      const decided = await adminCall(holder, 'POST', `/beheer/v1/verzoeken/${id}/besluit`, {
        ...admin,
        body: { besluit: 'WEIGEREN', reden: reason, beoordelaar: 'A. de Beoordelaar' },
      });
      expect(decided.status).toBe(200);
      expect((await poll(id)).body).toEqual({ status: 'GEWEIGERD', reden: reason, redenCode: 'beoordeling' });
    });

    it('answers another organisation, or an unknown id, with 404', async () => {
      const res = await submit(detailRequest(KNOWN));
      const other = await hubToken({ organisation: 'vt-other' });
      expect((await poll(res.body.interactieId, other)).status).toBe(404);
      const unknown = await poll('0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11');
      expect(unknown).toMatchObject({ status: 404, body: { code: 'source_holder.not_found' } });
      expect(await logOf(unknown.transactionId)).toMatchObject({ answer_class: 'NIET_GEVONDEN', status: 404 });
      expect((await poll('not-a-uuid')).status).toBe(400);
    });

    it('refuses an invalid detail request: BSN failing the elfproef, unknown role, legal basis or category', async () => {
      const res = await shCall(holder, 'POST', '/verrijking/v1/verzoeken', {
        body: detailRequest('123456789', {
          grondslag: 'nieuwsgierigheid',
          vragen: ['medisch'],
          verzoeker: { rol: 'admin' },
        }),
      });
      expect(res.status).toBe(400);
      const fields = (res.body.details as { field: string }[]).map((detail) => detail.field).sort();
      expect(fields).toEqual(['grondslag', 'subject.burgerservicenummer', 'verzoeker.rol', 'vragen']);
      expect(
        await holder.db.query(`SELECT 1 FROM detail_requests WHERE transaction_id = $1`, [res.transactionId]),
      ).toEqual([]);
    });

    it('protects the local review API with its own credential, logging refusals', async () => {
      for (const token of [null, 'wrong-admin-token', await hubToken()]) {
        const res = await adminCall(holder, 'GET', '/beheer/v1/verzoeken', { token });
        expect(res.status).toBe(401);
        expect(await logOf(res.transactionId)).toMatchObject({
          operation: 'GET /beheer/v1/verzoeken',
          answer_class: 'NIET_GEAUTHENTICEERD',
          status: 401,
        });
      }
    });
  });

  describe('request log of answers no route gave', () => {
    async function raw(method: string, path: string, body?: string) {
      const txn = transactionId();
      const res = await fetch(`${holder.url}${path}`, {
        method,
        headers: {
          'x-transaction-id': txn,
          'content-type': 'application/json',
          authorization: `Bearer ${await hubToken()}`,
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, transactionId: txn };
    }

    it('logs malformed JSON (400), a body over the limit (413) and an unknown route (404)', async () => {
      const malformed = await raw('POST', '/bekendheid/v1/bevragingen', '{');
      expect(malformed).toMatchObject({ status: 400, body: { statusCode: 400 } });
      expect(await logOf(malformed.transactionId)).toMatchObject({
        operation: 'POST /bekendheid/v1/bevragingen',
        answer_class: 'ONGELDIG_VERZOEK',
        denial_reason: 'body',
        status: 400,
      });
      const large = await raw('POST', '/verrijking/v1/verzoeken', JSON.stringify({ x: 'a'.repeat(300_000) }));
      expect(large.status).toBe(413);
      expect(await logOf(large.transactionId)).toMatchObject({ denial_reason: 'te_groot', status: 413 });
      const wrongMode = await raw('POST', '/gezag/v1/bevragingen', '{}');
      expect(wrongMode.status).toBe(404);
      expect(await logOf(wrongMode.transactionId)).toMatchObject({
        operation: 'POST /gezag/v1/bevragingen',
        answer_class: 'NIET_GEVONDEN',
        denial_reason: 'route',
        status: 404,
      });
      const withBsn = await raw('GET', `/personen/${KNOWN}`);
      expect(withBsn.status).toBe(404);
      expect(await logOf(withBsn.transactionId)).toMatchObject({ operation: 'GET /personen/…', status: 404 });
    });

    it('answers 503 instead of any error it cannot log', async () => {
      await holder.db.query(`
        CREATE FUNCTION e2e_fail_log() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.answer_class IS DISTINCT FROM 'BEKEND' THEN RAISE EXCEPTION 'e2e: request log refuses'; END IF;
          RETURN NEW;
        END $$`);
      await holder.db.query(
        `CREATE TRIGGER e2e_fail_log BEFORE INSERT ON request_log FOR EACH ROW EXECUTE FUNCTION e2e_fail_log()`,
      );
      try {
        const unknownId = await shCall(holder, 'GET', '/verrijking/v1/verzoeken/0b7a4a4e-3d2c-4f55-9d0e-6c1f0c7b9a11');
        const invalid = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', { body: {} });
        const noToken = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', { token: null, body: {} });
        const malformed = await raw('POST', '/bekendheid/v1/bevragingen', '{');
        const route = await raw('GET', '/nergens');
        for (const res of [unknownId, invalid, noToken, malformed, route]) {
          expect(res).toMatchObject({ status: 503, body: { code: 'common.unavailable' } });
        }
        const known = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
          body: knownBy(holder.pseudonym(KNOWN)),
        });
        expect(known.status).toBe(200);
      } finally {
        await holder.db.query(`DROP TRIGGER e2e_fail_log ON request_log`);
        await holder.db.query(`DROP FUNCTION e2e_fail_log()`);
      }
    });
  });

  it('answers 503, never NIET_BEKEND, while its database is unreachable, and recovers', async () => {
    const server = new URL(database.url);
    server.pathname = '/postgres';
    const client = new Client({ connectionString: server.toString() });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${database.name}" WITH ALLOW_CONNECTIONS false`);
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database.name]);
      for (const bsn of [KNOWN, STRANGER]) {
        const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
          body: knownBy(holder.pseudonym(bsn)),
        });
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'common.unavailable' });
        expect(res.text).not.toMatch(/accepting connections|terminat|SELECT/);
      }
    } finally {
      await client.query(`ALTER DATABASE "${database.name}" WITH ALLOW_CONNECTIONS true`);
      await client.end();
    }
    const back = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', { body: knownBy(holder.pseudonym(KNOWN)) });
    expect(back).toMatchObject({ status: 200, body: { uitslag: 'BEKEND' } });
  });

  it('logs every request, and never a BSN or anything it answered', async () => {
    const rows = (await holder.db.query(`SELECT row_to_json(l)::text AS row FROM request_log l`)) as { row: string }[];
    expect(rows.length).toBeGreaterThan(30);
    const secrets = [
      KNOWN,
      UNSURE,
      STRANGER,
      TEAM.naam,
      TEAM.telefoon,
      TEAM.email,
      REFUSAL,
      'e2e-geheim',
      'Toestemming van de betrokkene',
    ];
    for (const { row } of rows) for (const secret of secrets) expect(row).not.toContain(secret);
    const withoutTransaction = await loggedRequests(
      holder,
      'transaction_id IS NULL AND denial_reason IS DISTINCT FROM $1',
      ['transactie_id'],
    );
    expect(withoutTransaction).toEqual([]);
  });

  it('keeps no plain BSN in any table', async () => {
    const tables = (await holder.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as {
      tablename: string;
    }[];
    for (const { tablename } of tables) {
      const rows = (await holder.db.query(`SELECT row_to_json(t)::text AS row FROM "${tablename}" t`)) as {
        row: string;
      }[];
      for (const { row } of rows) for (const bsn of [KNOWN, UNSURE, STRANGER]) expect(row).not.toContain(bsn);
    }
  });

  it('accepts a transaction id from the hub once per request, in any case of hex digits', async () => {
    const id = transactionId().toUpperCase();
    const res = await shCall(holder, 'POST', '/bekendheid/v1/bevragingen', {
      body: knownBy(holder.pseudonym(KNOWN)),
      headers: { 'x-transaction-id': id },
    });
    expect(res.status).toBe(200);
    expect(await loggedRequests(holder, 'transaction_id = $1', [id.toLowerCase()])).toHaveLength(1);
  });
});
