import { INestApplicationContext } from '@nestjs/common';
import { SourceHolderSeed } from '../apps/source-holder/src/seed/source-holder-seed';
import { DetailRequestsService } from '../libs/lookups/src';
import { caseBody, CaseBody, member, Member, openCase } from './support/cases';
import { call, createOrganisation, createUser, Hub, isolatedDatabase, login, startHub } from './support/hub';
import {
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
const SECRET = 'e2e-detail-geheime-ondertoezichtstelling';
const CONTACT = 'Team Noord (e2e-detail-contact)';
const REFUSAL = 'e2e-detail: voor casusoverleg geven wij niets af';

const SEED: SourceHolderSeed = {
  contactPoints: [{ code: 'noord', naam: CONTACT, telefoon: '088 000 1111' }],
  persons: [
    {
      bsn: ANNA,
      dossierReferentie: 'DT-0001',
      contactpunt: 'noord',
      gegevens: { betrokkenheid: { aard: SECRET }, maatregelen: [{ soort: `${SECRET}-maatregel` }] },
    },
  ],
  policy: [
    {
      organisationKind: 'veilig_thuis',
      legalBasis: 'wettelijke_taak',
      decision: 'TOEKENNEN',
      categories: ['betrokkenheid'],
    },
    { organisationKind: 'veilig_thuis', reason: 'casusoverleg', decision: 'WEIGEREN', refusalReason: REFUSAL },
  ],
  custody: [],
};

type Detail = {
  id: string;
  status: string;
  data?: Record<string, unknown>;
  refusalReason?: string;
  answerDeleted?: boolean;
};

describe('lookups: detail requests queued, polled by the worker, the answer shown once', () => {
  let database: { url: string; drop(): Promise<void> };
  let hub: Hub;
  let worker: INestApplicationContext;
  let sourceDb: { drop(): Promise<void> };
  let source: TestSourceHolder;
  let vt: Member;
  let theCase: CaseBody;
  let anna: string;
  let giOrg: string;

  beforeAll(async () => {
    database = await isolatedDatabase('lookups_detail');
    const env = {
      DATABASE_URL: database.url,
      HUB_ISSUER: TEST_HUB_ISSUER,
      HUB_SIGNING_KEY: JSON.stringify({ ...hubKeyPair.privateKey.export({ format: 'jwk' }), kid: HUB_KID }),
      DETAIL_POLL_MS: '200',
      DETAIL_POLL_MAX_MS: '400',
    };
    hub = await startHub(env);
    worker = await startLookupsWorker(hub, env);
    const db = await sourceHolderDatabase();
    sourceDb = db;
    source = await startSourceHolder(db.url, { SOURCE_HOLDER_ORGANISATION: 'dt-gi' }, SEED);
    const beheer = await createOrganisation(hub.db, 'platform');
    const platform = await login(hub, (await createUser(hub.db, beheer.id, ['platform_admin'])).email);
    const vtOrg = await createOrganisation(hub.db, 'veilig_thuis');
    vt = await member(hub, vtOrg, ['caseworker']);
    giOrg = (await createOrganisation(hub.db, 'certified_institution')).id;
    const registered = await call(hub, 'POST', '/api/v1/source-holders', {
      token: platform,
      body: {
        sourceId: 'dt-gi',
        organisationId: giOrg,
        baseUrl: source.url,
        capabilities: ['known_by', 'detail'],
        pseudonymKey: TEST_PSEUDONYM_KEY,
      },
    });
    if (registered.status !== 201) throw new Error(registered.text);
    theCase = await openCase(hub, vt.token, {
      persons: [
        ...caseBody().persons,
        { role: 'child', bsn: SEM, firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2019-03-04' },
      ],
    });
    anna = (theCase.persons as { id: string; firstName: string }[]).find((p) => p.firstName === 'Anna')!.id;
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await hub?.close();
    await source?.close();
    await sourceDb?.drop();
    await database?.drop();
  });

  const ask = (body: Record<string, unknown>, token = vt.token) =>
    call<{ id: string; status: string }>(hub, 'POST', `/api/v1/cases/${theCase.id}/lookups/detail-requests`, {
      token,
      body: {
        personId: anna,
        organisationId: giOrg,
        reasonCode: 'veiligheidsbeoordeling',
        legalBasis: 'wettelijke_taak',
        ...body,
      },
    });
  const read = (id: string, token = vt.token) =>
    call<Detail>(hub, 'GET', `/api/v1/cases/${theCase.id}/lookups/detail-requests/${id}`, { token });

  /** Waits until the worker has a decision, without reading (and so deleting) the answer. */
  async function decided(id: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const [row] = (await hub.db.query(`SELECT status FROM detail_requests WHERE id = $1`, [id])) as {
        status: string;
      }[];
      if (row.status !== 'pending') return row.status;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no decision');
  }

  it('grants by policy; the answer is held sealed, shown once to the requesting organisation, then gone', async () => {
    const res = await ask({ questions: ['betrokkenheid'] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    expect(await decided(res.body.id)).toBe('granted');
    const sealed = (await hub.db.query(`SELECT answer_ciphertext FROM detail_requests WHERE id = $1`, [
      res.body.id,
    ])) as {
      answer_ciphertext: Buffer;
    }[];
    expect(sealed[0].answer_ciphertext.toString('latin1')).not.toContain(SECRET);
    // Another organisation in the network does not see it exists.
    const police = await createOrganisation(hub.db, 'police');
    await hub.db.query(
      `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories)
       SELECT id, seq, $2, 'statutory', 'Politiewet', ARRAY['basic'] FROM cases WHERE id = $1`,
      [theCase.id, police.id],
    );
    const officer = await member(hub, police, ['caseworker']);
    expect((await read(res.body.id, officer.token)).status).toBe(404);
    const first = await read(res.body.id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'granted', data: { betrokkenheid: { aard: SECRET } } });
    expect(first.body.data).not.toHaveProperty('maatregelen');
    const again = await read(res.body.id);
    expect(again.body).toMatchObject({ status: 'granted', answerDeleted: true });
    expect(again.body.data).toBeUndefined();
    const [row] = (await hub.db.query(`SELECT answer_ciphertext, answer_read_at FROM detail_requests WHERE id = $1`, [
      res.body.id,
    ])) as { answer_ciphertext: Buffer | null; answer_read_at: Date | null }[];
    expect(row.answer_ciphertext).toBeNull();
    expect(row.answer_read_at).not.toBeNull();
    // The professional records what matters, deliberately, as a case note.
    const note = await call(hub, 'POST', `/api/v1/cases/${theCase.id}/notes`, {
      token: vt.token,
      body: { category: 'narrative', text: `Samenvatting verrijking GI: ${SECRET}` },
    });
    expect(note.status).toBe(201);
  });

  it('passes on a refusal with its reason', async () => {
    const res = await ask({ reasonCode: 'casusoverleg' });
    expect(await decided(res.body.id)).toBe('refused');
    const answer = await read(res.body.id);
    expect(answer.body).toMatchObject({ status: 'refused', refusalReason: REFUSAL });
  });

  it('stays pending while a person at the source decides, then delivers the decision', async () => {
    const res = await ask({ legalBasis: 'toestemming' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await read(res.body.id)).body).toMatchObject({ status: 'pending' });
    const open = await fetch(`${source.adminUrl}/beheer/v1/verzoeken?status=IN_BEHANDELING`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    const items = ((await open.json()) as { items: { interactieId: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    const decision = await fetch(`${source.adminUrl}/beheer/v1/verzoeken/${items[0].interactieId}/besluit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ besluit: 'WEIGEREN', reden: 'Geen toestemming gezien (e2e)', beoordelaar: 'e2e' }),
    });
    expect(decision.status).toBe(200);
    expect(await decided(res.body.id)).toBe('refused');
  });

  it('deletes an unread answer when its time is up', async () => {
    const res = await ask({});
    expect(await decided(res.body.id)).toBe('granted');
    await hub.db.query(`UPDATE detail_requests SET answer_expires_at = now() - interval '1 second' WHERE id = $1`, [
      res.body.id,
    ]);
    const swept = await worker.get(DetailRequestsService).sweep();
    expect(swept.purged).toBeGreaterThanOrEqual(1);
    expect((await read(res.body.id)).body).toMatchObject({ status: 'granted', answerDeleted: true });
  });

  it('answers 400 for an organisation without a source holder, 404 for a person outside the case', async () => {
    const res = await ask({ organisationId: (await createOrganisation(hub.db, 'shelter')).id });
    expect(res.status).toBe(400);
    expect((await ask({ personId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('leaves no source content and no plain BSN in the hub database, beyond the recorded summary', async () => {
    // Known-by brings a contact point into the answer; it must not stay behind either.
    const known = await call<{ results: { contact?: { name: string } }[] }>(
      hub,
      'POST',
      `/api/v1/cases/${theCase.id}/lookups/known-by`,
      {
        token: vt.token,
        body: { personId: anna, reasonCode: 'veiligheidsbeoordeling' },
      },
    );
    expect(known.body.results[0].contact?.name).toBe(CONTACT);
    const pending = await ask({});
    expect(await decided(pending.body.id)).toBe('granted');
    const columns = (await hub.db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'ARRAY')`,
    )) as { table_name: string; column_name: string; data_type: string }[];
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(['detail_requests.answer_ciphertext', 'source_holders.pseudonym_key_ciphertext']),
    );
    const hits: string[] = [];
    for (const { table_name, column_name, data_type } of columns) {
      const condition =
        data_type === 'bytea'
          ? `position(convert_to($1, 'UTF8') in "${column_name}") > 0`
          : `"${column_name}"::text LIKE '%' || $1 || '%'`;
      for (const needle of [ANNA, SEM, SECRET, CONTACT, REFUSAL, source.pseudonym(ANNA), TEST_PSEUDONYM_KEY]) {
        const [row] = (await hub.db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE ${condition}`, [
          needle,
        ])) as { n: number }[];
        if (row.n > 0) hits.push(`${table_name}.${column_name}: ${needle === SECRET ? 'SECRET' : needle}`);
      }
    }
    expect(hits).toEqual(['case_notes.text: SECRET']);
  });
});
