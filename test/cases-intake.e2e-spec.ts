import { auditCount, call, createOrganisation, Hub, startHub } from './support/hub';
import {
  auditOf,
  caseBody,
  CaseBody,
  expectAuditedOnce,
  expectError,
  intakeRows,
  member,
  openCase,
  requestIdOf,
  veiligThuis,
} from './support/cases';

const BSN = '123456782';
/** Monday 23 November 2026, 09:15 in Amsterdam: a receipt whose terms the tests spell out. */
const MONDAY = '2026-11-23T09:15:00+01:00';

describe('cases: intake, references, radar, risk and deadlines', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('registers a report as a new case with the documented response, one audit entry and a deadline', async () => {
    const vt = await veiligThuis(hub);
    const res = await call<CaseBody>(hub, 'POST', '/api/v1/cases', {
      token: vt.caseworker.token,
      body: caseBody({ receivedAt: MONDAY }),
    });
    expect(res.status).toBe(201);
    const year = new Date().getFullYear();
    expect(res.body).toMatchObject({
      reference: `VT-${year}-000001`,
      phase: 'triage',
      acute: false,
      regisseur: null,
      organisationId: vt.org.id,
      regieOrganisationId: vt.org.id,
      violenceTypes: ['partner_violence'],
      redFlags: [],
      riskLevel: 'low',
      radar: { relatedCases: 0, repeatWithin12Months: false },
      deadlines: [{ kind: 'safety_assessment', dueAt: '2026-11-30T22:59:59.000Z', status: 'open' }],
      partners: [{ organisationId: vt.org.id, legalBasis: 'statutory', categories: ['basic', 'safety', 'narrative'] }],
      reports: [
        { channel: 'phone', narrative: 'Melder hoorde geschreeuw.', reporter: { kind: 'citizen', name: 'Buurvrouw' } },
      ],
    });
    const victim = res.body.persons.find((p: CaseBody) => p.role === 'victim');
    expect(victim).toMatchObject({
      firstName: 'Anna',
      lastName: 'de Vries',
      dateOfBirth: '1990-01-31',
      bsnLast4: '6782',
    });
    expect(res.text).not.toContain(BSN);
    const entries = await auditOf(hub, res);
    expect(entries).toEqual([{ action: 'create', subject_type: 'Case', case_id: res.body.id, outcome: 'success' }]);
  });

  it('starts an acute report’s safety assessment 24 hours after receipt and rates it critical', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, { acute: true, receivedAt: MONDAY });
    expect(created.deadlines).toMatchObject([{ kind: 'safety_assessment', dueAt: '2026-11-24T08:15:00.000Z' }]);
    expect(created.riskLevel).toBe('critical');
    expect(created.riskReasons).toContain('acute');
  });

  it('rates red flags by the risk table and lists the reasons', async () => {
    const vt = await veiligThuis(hub);
    const strangled = await openCase(hub, vt.caseworker.token, { redFlags: ['strangulation', 'victim_fear'] });
    expect(strangled).toMatchObject({ riskLevel: 'high', riskReasons: ['red_flag', 'strangulation'] });
    const separation = await openCase(hub, vt.caseworker.token, {
      redFlags: ['separation', 'coercive_control'],
      persons: [{ role: 'victim', firstName: 'Els', lastName: 'Bos' }],
    });
    expect(separation.riskLevel).toBe('high');
  });

  describe('validation', () => {
    const person = caseBody().persons[0];
    const bad: [string, Record<string, unknown>, string, string?][] = [
      ['a BSN failing the elfproef', { persons: [{ ...person, bsn: '123456789' }] }, 'persons.0.bsn'],
      ['an unknown field', { priority: 'hoog' }, 'priority'],
      ['an unknown field of a person', { persons: [{ ...person, nickname: 'An' }] }, 'persons.0.nickname'],
      ['an unknown channel', { channel: 'fax' }, 'channel'],
      ['an unknown violence type', { violenceTypes: ['war'] }, 'violenceTypes'],
      ['an unknown red flag', { redFlags: ['bad_mood'] }, 'redFlags'],
      ['an unknown person role', { persons: [{ ...person, role: 'neighbour' }] }, 'persons.0.role'],
      [
        'a date of birth in the future',
        { persons: [{ ...person, dateOfBirth: '2999-01-01' }] },
        'persons.0.dateOfBirth',
      ],
      // Checked by the intake itself, against the clock.
      [
        'receivedAt in the future',
        { receivedAt: new Date(Date.now() + 3600_000).toISOString() },
        'receivedAt',
        'cases.invalid',
      ],
      ['receivedAt that is no timestamp', { receivedAt: 'gisteren' }, 'receivedAt'],
      ['no persons', { persons: [] }, 'persons'],
      ['no violence type', { violenceTypes: [] }, 'violenceTypes'],
      ['no reporter kind', { reporter: { name: 'X' } }, 'reporter.kind'],
    ];

    it.each(bad)(
      'refuses %s with 400 and writes nothing',
      async (_name, override, field, code = 'common.validation') => {
        const vt = await veiligThuis(hub);
        const res = await call(hub, 'POST', '/api/v1/cases', { token: vt.caseworker.token, body: caseBody(override) });
        expectError(res, 400, code, field);
        expect(res.body.error).toBe('Bad Request');
        expect(await intakeRows(hub, vt.org.id)).toEqual({
          cases: 0,
          reports: 0,
          persons: 0,
          partners: 0,
          counters: 0,
        });
        expect(await auditCount(hub.db, `request_id = $1 AND outcome = 'success'`, [requestIdOf(res)])).toBe(0);
        // Nothing taken, nothing lost: the first accepted report still gets number 1.
        const created = await openCase(hub, vt.caseworker.token);
        expect(created.reference).toMatch(/-000001$/);
      },
    );

    it('refuses an id that is no uuid with 400', async () => {
      const vt = await veiligThuis(hub);
      const res = await call(hub, 'GET', '/api/v1/cases/not-a-uuid', { token: vt.caseworker.token });
      expectError(res, 400, 'common.validation', 'id');
      expect(await auditOf(hub, res)).toMatchObject([{ case_id: null, outcome: 'failure' }]);
    });

    it('refuses a report on an existing case with invalid content and leaves the case as it was', async () => {
      const vt = await veiligThuis(hub);
      const created = await openCase(hub, vt.caseworker.token);
      const res = await call(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
        token: vt.caseworker.token,
        body: { ...caseBody({ persons: [] }), receivedAt: new Date(Date.now() + 3600_000).toISOString() },
      });
      expectError(res, 400, 'cases.invalid', 'receivedAt');
      expect(await intakeRows(hub, vt.org.id)).toMatchObject({ cases: 1, reports: 1 });
    });
  });

  it('refuses intake by roles other than a Veilig Thuis caseworker', async () => {
    const vt = await veiligThuis(hub);
    const res = await call(hub, 'POST', '/api/v1/cases', { token: vt.supervisor.token, body: caseBody() });
    expectError(res, 403, 'access.forbidden');
    const police = await createOrganisation(hub.db, 'police');
    const agent = await member(hub, police, ['caseworker']);
    expectError(
      await call(hub, 'POST', '/api/v1/cases', { token: agent.token, body: caseBody() }),
      403,
      'access.forbidden',
    );
    expect(await intakeRows(hub, police.id)).toMatchObject({ cases: 0 });
  });

  it('numbers 200 concurrent reports of one organisation without gaps or duplicates', async () => {
    const vt = await veiligThuis(hub);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call<CaseBody>(hub, 'POST', '/api/v1/cases', {
          token: vt.caseworker.token,
          body: caseBody({ persons: [{ role: 'victim', firstName: `Persoon${i}`, lastName: 'Test' }] }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    const year = new Date().getFullYear();
    const expected = Array.from({ length: 200 }, (_, i) => `VT-${year}-${String(i + 1).padStart(6, '0')}`);
    expect(responses.map((r) => r.body.reference).sort()).toEqual(expected);
    const rows = (await hub.db.query(`SELECT reference FROM cases WHERE organisation_id = $1 ORDER BY reference`, [
      vt.org.id,
    ])) as { reference: string }[];
    expect(rows.map((r) => r.reference)).toEqual(expected);
    // Each case is numbered at the end of its intake; its opening event names the final reference.
    const opened = (await hub.db.query(
      `SELECT e.data->>'reference' AS reference FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE c.organisation_id = $1 AND e.type = 'case_opened' ORDER BY 1`,
      [vt.org.id],
    )) as { reference: string }[];
    expect(opened.map((r) => r.reference)).toEqual(expected);
  }, 60_000);

  describe('radar', () => {
    it('links a second report about the same victim BSN and suspect, flags the repeat and raises the risk', async () => {
      const vt = await veiligThuis(hub);
      const first = await openCase(hub, vt.caseworker.token, { receivedAt: '2026-02-02T10:00:00+01:00' });
      const second = await openCase(hub, vt.caseworker.token, {
        persons: [
          // Another spelling of the victim: the BSN decides.
          { role: 'victim', bsn: BSN, firstName: 'Anna', lastName: 'Vries' },
          { role: 'suspect', firstName: 'Bram', lastName: 'de Vries', dateOfBirth: '1988-05-02' },
        ],
      });
      expect(second.radar).toEqual({ relatedCases: 1, repeatWithin12Months: true, otherRegions: [] });
      expect(second).toMatchObject({ riskLevel: 'elevated', riskReasons: ['repeat_within_12_months'] });
      const related = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${second.id}/related`, {
        token: vt.caseworker.token,
      });
      expect(related.status).toBe(200);
      expect(related.body.items).toMatchObject([{ id: first.id, reference: first.reference, reason: 'shared_person' }]);
      await expectAuditedOnce(hub, related, second.id);
      // The link is seen from the earlier case too.
      const back = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${first.id}/related`, {
        token: vt.caseworker.token,
      });
      expect(back.body.items.map((c) => c.id)).toEqual([second.id]);
    });

    it('matches on normalised name and date of birth when there is no BSN', async () => {
      const vt = await veiligThuis(hub);
      const people = (first: string) => [
        { role: 'victim', firstName: first, lastName: 'Özil-de Vries', dateOfBirth: '1991-02-03' },
        { role: 'suspect', firstName: 'Kees', lastName: 'Smit', dateOfBirth: '1985-07-08' },
      ];
      const first = await openCase(hub, vt.caseworker.token, { persons: people('Ayşe') });
      const second = await openCase(hub, vt.caseworker.token, { persons: people('ayse') });
      expect(second.radar).toEqual({ relatedCases: 1, repeatWithin12Months: true, otherRegions: [] });
      const related = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${second.id}/related`, {
        token: vt.caseworker.token,
      });
      expect(related.body.items.map((c) => c.id)).toEqual([first.id]);
    });

    it('links but does not flag a repeat after more than 12 months, or with another suspect', async () => {
      const vt = await veiligThuis(hub);
      await openCase(hub, vt.caseworker.token, { receivedAt: '2025-10-01T10:00:00+02:00' });
      const late = await openCase(hub, vt.caseworker.token);
      expect(late.radar).toEqual({ relatedCases: 1, repeatWithin12Months: false, otherRegions: [] });
      expect(late.riskLevel).toBe('low');
      const otherSuspect = await openCase(hub, vt.caseworker.token, {
        persons: [
          { role: 'victim', bsn: BSN, firstName: 'Anna', lastName: 'de Vries' },
          { role: 'suspect', firstName: 'Piet', lastName: 'Anders', dateOfBirth: '1970-01-01' },
        ],
        receivedAt: '2026-11-24T09:00:00+01:00',
      });
      expect(otherSuspect.radar.relatedCases).toBe(2);
      expect(otherSuspect.radar.repeatWithin12Months).toBe(false);
    });

    it('keeps each organisation’s radar to itself', async () => {
      const one = await veiligThuis(hub);
      const two = await veiligThuis(hub);
      await openCase(hub, one.caseworker.token);
      const elsewhere = await openCase(hub, two.caseworker.token);
      expect(elsewhere.radar).toEqual({ relatedCases: 0, repeatWithin12Months: false, otherRegions: [] });
    });

    it('attaches a new report to an open case', async () => {
      const vt = await veiligThuis(hub);
      const created = await openCase(hub, vt.caseworker.token, { receivedAt: MONDAY });
      const res = await call<CaseBody>(hub, 'POST', `/api/v1/cases/${created.id}/reports`, {
        token: vt.caseworker.token,
        body: caseBody({
          persons: [{ role: 'child', firstName: 'Cas', lastName: 'de Vries', dateOfBirth: '2019-04-04' }],
          violenceTypes: ['child_abuse'],
          redFlags: ['weapon'],
          receivedAt: '2026-11-24T08:00:00+01:00',
        }),
      });
      expect(res.status).toBe(201);
      expect(res.body.id).toBe(created.id);
      expect(res.body.reports).toHaveLength(2);
      expect(res.body.persons.map((p: CaseBody) => p.role).sort()).toEqual(['child', 'suspect', 'victim']);
      expect(res.body.violenceTypes).toEqual(['partner_violence', 'child_abuse']);
      // The weapon makes it high; the case's earlier report about the same pair makes it a repeat.
      expect(res.body).toMatchObject({ riskLevel: 'critical', radar: { repeatWithin12Months: true } });
      expect(res.body.riskReasons).toEqual(expect.arrayContaining(['weapon', 'repeat_within_12_months']));
      await expectAuditedOnce(hub, res, created.id);
      expect(await intakeRows(hub, vt.org.id)).toMatchObject({ cases: 1, reports: 2 });
    });

    it('opens a new case linked to a closed one for a report about it', async () => {
      const vt = await veiligThuis(hub);
      const old = await openCase(hub, vt.caseworker.token);
      const closed = await call(hub, 'POST', `/api/v1/cases/${old.id}/safety-assessment`, {
        token: vt.caseworker.token,
        body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
      });
      expect(closed.body.phase).toBe('closed');
      const res = await call<CaseBody>(hub, 'POST', `/api/v1/cases/${old.id}/reports`, {
        token: vt.caseworker.token,
        body: caseBody({ persons: [] }),
      });
      expect(res.status).toBe(201);
      expect(res.body.id).not.toBe(old.id);
      expect(res.body).toMatchObject({
        phase: 'triage',
        predecessorCaseId: old.id,
        reference: expect.stringMatching(/-000002$/),
      });
      expect(res.body.persons).toHaveLength(2);
      const related = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${res.body.id}/related`, {
        token: vt.caseworker.token,
      });
      expect(related.body.items).toMatchObject([{ id: old.id, phase: 'closed' }]);
      // Two cases changed: each has its own entry.
      const entries = await auditOf(hub, res);
      expect(entries.map((e) => [e.action, e.case_id]).sort()).toEqual(
        [
          ['create', res.body.id],
          ['update', old.id],
        ].sort(),
      );
    });

    it('refuses the radar to partners outside the receiving organisation', async () => {
      const vt = await veiligThuis(hub);
      const created = await openCase(hub, vt.caseworker.token);
      const police = await createOrganisation(hub.db, 'police');
      await hub.db.query(
        `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories)
         SELECT id, seq, $2, 'statutory', 'Politiewet art. 3', ARRAY['basic','safety','narrative'] FROM cases WHERE id = $1`,
        [created.id, police.id],
      );
      const agent = await member(hub, police, ['caseworker']);
      expectError(
        await call(hub, 'GET', `/api/v1/cases/${created.id}/related`, { token: agent.token }),
        403,
        'cases.forbidden',
      );
      const seen = await call<CaseBody>(hub, 'GET', `/api/v1/cases/${created.id}`, { token: agent.token });
      expect(seen.body.radar).toBeUndefined();
    });
  });

  describe('work queue', () => {
    it('pages newest first with a keyset cursor', async () => {
      const vt = await veiligThuis(hub);
      const created: CaseBody[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await openCase(hub, vt.caseworker.token, {
            persons: [{ role: 'victim', firstName: `P${i}`, lastName: 'X' }],
          }),
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await call<{ items: CaseBody[]; nextCursor: string | null }>(hub, 'GET', query, {
          token: vt.caseworker.token,
        });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((c) => c.reference as string));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(created.map((c) => c.reference as string).reverse());
      // A listed case shows what its own view shows of it, deadlines included.
      const [listed] = (
        await call<{ items: CaseBody[] }>(hub, 'GET', '/api/v1/cases?limit=1', { token: vt.caseworker.token })
      ).body.items;
      const view = created[created.length - 1];
      for (const field of ['id', 'reference', 'phase', 'acute', 'receivedAt', 'organisationId', 'regieOrganisationId'])
        expect(listed[field]).toEqual(view[field]);
      expect(listed.regisseur).toEqual(view.regisseur);
      expect(listed.riskLevel).toBe(view.riskLevel);
      expect(listed.deadlines).toEqual(view.deadlines);
      expect((listed.deadlines as unknown[]).length).toBeGreaterThan(0);
      // And its persons by name, as the view names them.
      const named = (view.persons as { role: string; firstName: string; lastName: string }[]).map(
        ({ role, firstName, lastName }) => ({ role, firstName, lastName }),
      );
      expect(listed.persons).toEqual(named);
    });

    it('refuses a bad cursor, a bad filter and a limit over 200', async () => {
      const vt = await veiligThuis(hub);
      const token = vt.caseworker.token;
      expectError(await call(hub, 'GET', '/api/v1/cases?cursor=abc', { token }), 400, 'cases.invalid', 'cursor');
      expectError(await call(hub, 'GET', '/api/v1/cases?limit=201', { token }), 400, 'common.validation', 'limit');
      expectError(await call(hub, 'GET', '/api/v1/cases?phase=done', { token }), 400, 'common.validation', 'phase');
      expectError(
        await call(hub, 'GET', '/api/v1/cases?deadline=late', { token }),
        400,
        'common.validation',
        'deadline',
      );
    });

    it('filters by phase and deadline state', async () => {
      const vt = await veiligThuis(hub);
      const token = vt.caseworker.token;
      const open = await openCase(hub, token);
      const closing = await openCase(hub, token);
      await call(hub, 'POST', `/api/v1/cases/${closing.id}/safety-assessment`, {
        token,
        body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
      });
      const breached = await openCase(hub, token);
      await hub.db.query(`UPDATE deadlines SET status = 'breached', breached_at = now() WHERE case_id = $1`, [
        breached.id,
      ]);
      const atRisk = await openCase(hub, token);
      await hub.db.query(`UPDATE deadlines SET due_at = now() + interval '1 hour' WHERE case_id = $1`, [atRisk.id]);
      const ids = async (query: string) =>
        (await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases?${query}`, { token })).body.items
          .map((c) => c.id as string)
          .sort();
      expect(await ids('phase=closed')).toEqual([closing.id]);
      expect(await ids('phase=triage')).toEqual([open.id, breached.id, atRisk.id].sort());
      expect(await ids('deadline=breached')).toEqual([breached.id]);
      expect(await ids('deadline=at_risk')).toEqual([atRisk.id]);
      // The closed case has its follow-up checks open.
      expect(await ids('deadline=open')).toEqual([open.id, atRisk.id, closing.id].sort());
    });

    it('audits a search once, without a case', async () => {
      const vt = await veiligThuis(hub);
      await openCase(hub, vt.caseworker.token);
      const res = await call(hub, 'GET', '/api/v1/cases', { token: vt.caseworker.token });
      expect(await auditOf(hub, res)).toEqual([
        { action: 'search', subject_type: 'Case', case_id: null, outcome: 'success' },
      ]);
    });
  });

  it('leaves no plain BSN in any column of any table, the audit log included', async () => {
    const vt = await veiligThuis(hub);
    const created = await openCase(hub, vt.caseworker.token, {
      persons: [
        { role: 'victim', bsn: BSN, firstName: 'Anna', lastName: 'de Vries' },
        { role: 'child', bsn: '111222333', firstName: 'Cas', lastName: 'de Vries' },
      ],
    });
    await call(hub, 'GET', `/api/v1/cases/${created.id}`, { token: vt.caseworker.token });
    const columns = (await hub.db.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'ARRAY')`,
    )) as { table_name: string; column_name: string; data_type: string }[];
    expect(columns.map((c) => c.table_name)).toEqual(
      expect.arrayContaining(['persons', 'audit_entries', 'case_events']),
    );
    const hits: string[] = [];
    for (const { table_name, column_name, data_type } of columns) {
      const condition =
        data_type === 'bytea'
          ? `position(convert_to($1, 'UTF8') in "${column_name}") > 0`
          : `"${column_name}"::text LIKE '%' || $1 || '%'`;
      for (const bsn of [BSN, '111222333']) {
        const [row] = (await hub.db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE ${condition}`, [
          bsn,
        ])) as { n: number }[];
        if (row.n > 0) hits.push(`${table_name}.${column_name}`);
      }
    }
    expect(hits).toEqual([]);
  });
});

describe('cases: decree days from configuration', () => {
  let hub: Hub;
  // A date no other test receives reports around: decree days stay in the shared calendar table.
  beforeAll(async () => {
    hub = await startHub({}, { deadlinePolicy: { decreeNonWorkingDays: ['2026-03-04'] } });
  });
  afterAll(() => hub.close());

  it('moves the safety assessment past a decree day', async () => {
    const vt = await veiligThuis(hub);
    // Received Monday 2 March 2026; without the decree day due end of Monday 9 March.
    const created = await openCase(hub, vt.caseworker.token, { receivedAt: '2026-03-02T09:00:00+01:00' });
    expect(created.deadlines).toMatchObject([{ kind: 'safety_assessment', dueAt: '2026-03-10T22:59:59.000Z' }]);
  });
});
