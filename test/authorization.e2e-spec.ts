import { randomUUID } from 'node:crypto';
import { ROLES } from '../libs/access/src/roles';
import { RISK_INSTRUMENTS } from '../libs/cases/src/risk-instruments';
import { caseBody, member, openCase } from './support/cases';
import { call, createOrganisation, createUser, Hub, login, startHub, TestOrganisation, TestUser } from './support/hub';

/** `regisseur` is a caseworker who is the case's current regisseur (on the own organisation's case). */
type Caller = (typeof ROLES)[number] | 'regisseur' | 'anonymous';
type Target = 'own' | 'other';

interface Setup {
  hub: Hub;
  /** The target organisation: the caller's own, or another one. */
  org: TestOrganisation;
  target: Target;
  /** A caseworker of the target organisation. */
  userId: string;
  caller?: TestUser;
  callerRole: Caller;
}

interface Row {
  /** Builds the request against the target organisation, creating what it needs first. */
  request: (setup: Setup) => Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  /** Expected status per caller; one number when own and other organisation answer alike. */
  expect: Record<Caller, number | Record<Target, number>>;
}

const CASE_CALLERS = ['caseworker', 'supervisor', 'medical', 'chair', 'regisseur'] as const;
type CaseCaller = (typeof CASE_CALLERS)[number];

const everyone = (status: number): Record<Caller, number> =>
  ({
    ...Object.fromEntries(ROLES.map((role) => [role, status])),
    regisseur: status,
    anonymous: 401,
  }) as Record<Caller, number>;
const only = (allowed: Partial<Record<Caller, number | Record<Target, number>>>, others = 403) => ({
  ...everyone(others),
  ...allowed,
});
/**
 * A route on one case: case roles get `own` (403 unless listed) on a case of their organisation and
 * 404 on another organisation's case; roles without case rules are refused by the endpoint guard.
 */
const onCase = (own: Partial<Record<CaseCaller, number>>, otherwise = 403) =>
  only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, { own: own[caller] ?? otherwise, other: 404 }])));

/**
 * A case received by the target organisation. Its regisseur is the caller when the caller plays
 * the regisseur on their own organisation's case, otherwise a caseworker of the target organisation.
 */
async function caseOf(s: Setup, phase?: 'investigation' | 'follow_up'): Promise<string> {
  const intake = await member(s.hub, s.org, ['caseworker']);
  const created = await openCase(s.hub, intake.token);
  const regisseur = s.callerRole === 'regisseur' && s.target === 'own' ? s.caller!.id : s.userId;
  await s.hub.db.query(`UPDATE cases SET regisseur_user_id = $2, phase = COALESCE($3, phase) WHERE id = $1`, [
    created.id,
    regisseur,
    phase ?? null,
  ]);
  return created.id as string;
}

/** The reference of a fresh case, as a search finds it. */
async function referenceOf(s: Setup): Promise<string> {
  const id = await caseOf(s);
  const [{ reference }] = (await s.hub.db.query(`SELECT reference FROM cases WHERE id = $1`, [id])) as {
    reference: string;
  }[];
  return reference;
}

/** A partner organisation in the case's network. */
async function partnerOf(hub: Hub, caseId: string, categories = ['basic', 'safety']): Promise<TestOrganisation> {
  const org = await createOrganisation(hub.db, 'police');
  await hub.db.query(
    `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories)
     SELECT id, seq, $2, 'statutory', 'Politiewet art. 3', $3 FROM cases WHERE id = $1`,
    [caseId, org.id, categories],
  );
  return org;
}

const inserted = async (hub: Hub, sql: string, params: unknown[]) =>
  ((await hub.db.query(sql, params)) as { id: string }[])[0].id;

/** A running restraining order on the case, imposed a day ago; its id. */
const orderOf = (s: Setup, caseId: string) =>
  inserted(
    s.hub,
    `INSERT INTO restraining_orders (case_id, imposed_at, imposed_by, ends_at, registered_by, registered_at)
     VALUES ($1, now() - interval '1 day', 'Burgemeester', now() + interval '9 days', $2, now()) RETURNING id`,
    [caseId, s.userId],
  );

/** A child added to the case, as a report would; its person id. */
const childOf = (hub: Hub, caseId: string) =>
  inserted(
    hub,
    `WITH p AS (INSERT INTO persons (organisation_id, first_name, last_name, date_of_birth, name_key)
                SELECT organisation_id, 'Sem', 'de Vries', '2018-03-01', sha256(random()::text::bytea)
                  FROM cases WHERE id = $1 RETURNING id)
     INSERT INTO case_persons (case_id, person_id, role, report_id)
     SELECT $1, p.id, 'child', (SELECT id FROM reports WHERE case_id = $1 LIMIT 1) FROM p RETURNING person_id AS id`,
    [caseId],
  );

/**
 * Every authenticated endpoint of the api, with who may call it. The test discovers the routes
 * from the running app, so a new endpoint without a row here fails.
 */
const TABLE: Record<string, Row> = {
  'GET /api/v1/me': { request: () => ({ path: '/api/v1/me' }), expect: everyone(200) },
  'GET /api/v1/organisations': { request: () => ({ path: '/api/v1/organisations' }), expect: everyone(200) },
  'POST /api/v1/organisations/:orgId/users': {
    request: ({ org }) => ({
      path: `/api/v1/organisations/${org.id}/users`,
      body: {
        name: 'Nieuw',
        email: `new-${randomUUID()}@test.example`,
        password: 'Lang-genoeg-wachtwoord',
        roles: ['caseworker'],
      },
    }),
    expect: only({ admin: { own: 201, other: 404 } }),
  },
  'PATCH /api/v1/organisations/:orgId/users/:userId': {
    request: ({ org, userId }) => ({
      path: `/api/v1/organisations/${org.id}/users/${userId}`,
      body: { roles: ['supervisor'] },
    }),
    expect: only({ admin: { own: 200, other: 404 } }),
  },
  'DELETE /api/v1/organisations/:orgId/users/:userId/second-factor': {
    request: ({ org, userId }) => ({ path: `/api/v1/organisations/${org.id}/users/${userId}/second-factor` }),
    expect: only({ admin: { own: 204, other: 404 } }),
  },
  // The caller's own second factor: any signed-in user (these tables start the hub with it relaxed,
  // so every caller has a session and no factor yet).
  'GET /api/v1/auth/second-factor': { request: () => ({ path: '/api/v1/auth/second-factor' }), expect: everyone(200) },
  'POST /api/v1/auth/second-factor/totp/setup': {
    request: () => ({ path: '/api/v1/auth/second-factor/totp/setup' }),
    expect: everyone(200),
  },
  'POST /api/v1/auth/second-factor/totp/confirm': {
    request: () => ({ path: '/api/v1/auth/second-factor/totp/confirm', body: { code: '000000' } }),
    expect: everyone(409),
  },
  'DELETE /api/v1/auth/second-factor/totp': {
    request: () => ({ path: '/api/v1/auth/second-factor/totp' }),
    expect: everyone(404),
  },
  'POST /api/v1/auth/second-factor/passkeys/options': {
    request: () => ({ path: '/api/v1/auth/second-factor/passkeys/options' }),
    expect: everyone(200),
  },
  'POST /api/v1/auth/second-factor/passkeys': {
    request: () => ({
      path: '/api/v1/auth/second-factor/passkeys',
      body: {
        registrationToken: 'not.a.token',
        name: 'Sleutel',
        response: { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'abc' } },
      },
    }),
    expect: everyone(400),
  },
  'DELETE /api/v1/auth/second-factor/passkeys/:passkeyId': {
    request: () => ({ path: `/api/v1/auth/second-factor/passkeys/${randomUUID()}` }),
    expect: everyone(404),
  },
  'POST /api/v1/auth/second-factor/recovery-codes': {
    request: () => ({ path: '/api/v1/auth/second-factor/recovery-codes' }),
    expect: everyone(409),
  },
  // A step-up needs a factor to prove (409 without one); a forged step is refused at its field.
  'POST /api/v1/auth/second-factor/step-up': {
    request: () => ({ path: '/api/v1/auth/second-factor/step-up' }),
    expect: everyone(409),
  },
  'POST /api/v1/auth/second-factor/step-up/totp': {
    request: () => ({
      path: '/api/v1/auth/second-factor/step-up/totp',
      body: { challengeToken: 'not.a.token', code: '000000' },
    }),
    expect: everyone(400),
  },
  'POST /api/v1/auth/second-factor/step-up/passkey': {
    request: () => ({
      path: '/api/v1/auth/second-factor/step-up/passkey',
      body: {
        challengeToken: 'not.a.token',
        response: { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'abc' } },
      },
    }),
    expect: everyone(400),
  },
  'GET /api/v1/audit': { request: () => ({ path: '/api/v1/audit' }), expect: only({ privacy_officer: 200 }) },
  'GET /api/v1/audit/verify': {
    request: () => ({ path: '/api/v1/audit/verify' }),
    expect: only({ privacy_officer: 200 }),
  },
  'POST /api/v1/audit/checkpoints': {
    request: () => ({ path: '/api/v1/audit/checkpoints', body: {} }),
    expect: only({ privacy_officer: 201 }),
  },
  'GET /api/v1/audit/export.csv': {
    request: () => ({ path: '/api/v1/audit/export.csv?from=2026-11-01&to=2026-11-30' }),
    expect: only({ privacy_officer: 200 }),
  },
  // Intake has no target: a caseworker of a Veilig Thuis organisation opens a case in their own.
  'POST /api/v1/cases': {
    request: () => ({ path: '/api/v1/cases', body: caseBodyForTable() }),
    expect: only({ caseworker: 201, regisseur: 201 }),
  },
  // The list is filtered in SQL: another organisation's cases are simply not in it.
  'GET /api/v1/cases': {
    request: async (s) => {
      await caseOf(s);
      return { path: '/api/v1/cases' };
    },
    expect: only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, 200]))),
  },
  'GET /api/v1/cases/:id': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}` }),
    expect: onCase({}, 200),
  },
  'GET /api/v1/cases/:id/timeline': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}/timeline` }),
    expect: onCase({}, 200),
  },
  'GET /api/v1/cases/:id/related': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}/related` }),
    expect: onCase({}, 200),
  },
  // The radar is the receiving organisation's, every role of it that sees the case.
  'POST /api/v1/cases/:id/radar/refresh': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}/radar/refresh` }),
    expect: onCase({}, 200),
  },
  // Only caseworkers may report; the endpoint guard refuses the other roles before the case is looked up.
  'POST /api/v1/cases/:id/reports': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s)}/reports`,
      body: { ...caseBodyForTable(), persons: [] },
    }),
    expect: only({
      caseworker: { own: 201, other: 404 },
      regisseur: { own: 201, other: 404 },
    }),
  },
  'GET /api/v1/cases/:id/regisseur-candidates': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}/regisseur-candidates` }),
    expect: onCase({ supervisor: 200, regisseur: 200 }),
  },
  'PUT /api/v1/cases/:id/regisseur': {
    request: async (s) => {
      const id = await caseOf(s);
      const next = await createUser(s.hub.db, s.org.id, ['caseworker']);
      return { path: `/api/v1/cases/${id}/regisseur`, body: { userId: next.id, reason: 'Overdracht' } };
    },
    expect: onCase({ supervisor: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/partners': {
    request: async (s) => {
      const id = await caseOf(s);
      const police = await createOrganisation(s.hub.db, 'police');
      return {
        path: `/api/v1/cases/${id}/partners`,
        body: {
          organisationId: police.id,
          legalBasis: 'statutory',
          legalBasisRef: 'Politiewet',
          categories: ['basic'],
        },
      };
    },
    expect: onCase({ supervisor: 201, regisseur: 201 }),
  },
  'DELETE /api/v1/cases/:id/partners/:organisationId': {
    request: async (s) => {
      const id = await caseOf(s);
      const partner = await partnerOf(s.hub, id);
      return { path: `/api/v1/cases/${id}/partners/${partner.id}` };
    },
    expect: onCase({ supervisor: 204, regisseur: 204 }),
  },
  'POST /api/v1/cases/:id/safety-assessment': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s)}/safety-assessment`,
      body: { outcome: 'safe', decision: 'close', summary: 'Geen zorgen' },
    }),
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/investigation/complete': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s, 'investigation')}/investigation/complete`,
      body: { conclusion: 'Afgerond', decision: 'close' },
    }),
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/close': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s, 'follow_up')}/close`,
      body: { reason: 'Hulp loopt' },
    }),
    // Closing waits for a supervisor's approval (docs/approvals.md).
    expect: onCase({ regisseur: 202 }),
  },
  'GET /api/v1/approvals': {
    request: () => ({ path: '/api/v1/approvals?status=pending' }),
    expect: only({ supervisor: 200 }),
  },
  'GET /api/v1/cases/:id/approvals': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s, 'follow_up')}/approvals` }),
    expect: onCase({ caseworker: 200, supervisor: 200, medical: 200, chair: 200, regisseur: 200 }),
  },
  // A close the target organisation's caseworker asked for: any other supervisor of regie decides.
  'POST /api/v1/cases/:id/approvals/:aid/decide': {
    request: async (s) => {
      const id = await caseOf(s, 'follow_up');
      const approvalId = await inserted(
        s.hub,
        `INSERT INTO approvals (case_id, operation, reason, status, requested_by, requested_at)
         VALUES ($1, 'close', 'Hulp loopt', 'pending', $2, now()) RETURNING id`,
        [id, s.userId],
      );
      return {
        path: `/api/v1/cases/${id}/approvals/${approvalId}/decide`,
        body: { decision: 'approved', note: 'Akkoord' },
      };
    },
    expect: onCase({ supervisor: 200 }),
  },
  'POST /api/v1/cases/:id/actions': {
    request: async (s) => {
      const id = await caseOf(s);
      const partner = await partnerOf(s.hub, id);
      return {
        path: `/api/v1/cases/${id}/actions`,
        body: {
          assigneeOrganisationId: partner.id,
          description: 'Huisbezoek',
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      };
    },
    expect: onCase({ regisseur: 201 }),
  },
  // The action is a partner's: of the own organisation only the regisseur may update it.
  'PATCH /api/v1/cases/:id/actions/:actionId': {
    request: async (s) => {
      const id = await caseOf(s);
      const partner = await partnerOf(s.hub, id);
      const actionId = await inserted(
        s.hub,
        `INSERT INTO case_actions (case_id, assignee_organisation_id, description, due_at, status, created_by)
         VALUES ($1, $2, 'Huisbezoek', now() + interval '1 day', 'open', $3) RETURNING id`,
        [id, partner.id, s.userId],
      );
      return { path: `/api/v1/cases/${id}/actions/${actionId}`, body: { status: 'done' } };
    },
    expect: onCase({ regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/escalations': {
    request: async (s) => {
      const id = await caseOf(s);
      const partner = await partnerOf(s.hub, id);
      return { path: `/api/v1/cases/${id}/escalations`, body: { targetOrganisationId: partner.id, reason: 'Stil' } };
    },
    expect: onCase({ regisseur: 201 }),
  },
  // Another Veilig Thuis organisation holds the case and escalates to the target organisation, a
  // partner; the regisseur caller takes regie over first and still may not answer for the target.
  'POST /api/v1/cases/:id/escalations/:eid/resolve': {
    request: async (s) => {
      const holder = await createOrganisation(s.hub.db);
      const holderCaseworker = await member(s.hub, holder, ['caseworker']);
      const { id } = (await openCase(s.hub, holderCaseworker.token)) as { id: string };
      await s.hub.db.query(
        `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories)
         SELECT id, seq, $2, 'statutory', 'Jeugdwet', ARRAY['basic','safety'] FROM cases WHERE id = $1`,
        [id, s.org.id],
      );
      const eid = await inserted(
        s.hub,
        `INSERT INTO escalations (case_id, target_organisation_id, reason, raised_by) VALUES ($1, $2, 'Stil', $3) RETURNING id`,
        [id, s.org.id, holderCaseworker.user.id],
      );
      if (s.callerRole === 'regisseur' && s.target === 'own') {
        await s.hub.db.query(`UPDATE cases SET regisseur_user_id = $2, regie_organisation_id = $3 WHERE id = $1`, [
          id,
          s.caller!.id,
          s.org.id,
        ]);
      }
      return { path: `/api/v1/cases/${id}/escalations/${eid}/resolve`, body: { resolution: 'Opgepakt' } };
    },
    expect: onCase({ supervisor: 200 }),
  },
  'POST /api/v1/cases/:id/notes': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s)}/notes`,
      body: { category: 'narrative', text: 'Gesprek gevoerd' },
    }),
    expect: onCase({}, 201),
  },
  // Investigation suspension and extension, restraining orders (issue 4): caseworkers of the
  // receiving Veilig Thuis suspend, its supervisors extend (whoever holds regie: the investigation is
  // its statutory task), any caseworker in the network records orders.
  'POST /api/v1/cases/:id/investigation/suspensions': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s, 'investigation')}/investigation/suspensions`,
      body: { reason: 'Wacht op de huisarts' },
    }),
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'POST /api/v1/cases/:id/investigation/suspensions/:sid/end': {
    request: async (s) => {
      const id = await caseOf(s, 'investigation');
      const sid = await inserted(
        s.hub,
        `INSERT INTO investigation_suspensions (case_id, reason, started_at, started_by)
         VALUES ($1, 'Wacht', now(), $2) RETURNING id`,
        [id, s.userId],
      );
      return { path: `/api/v1/cases/${id}/investigation/suspensions/${sid}/end` };
    },
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/investigation/extensions': {
    request: async (s) => {
      const id = await caseOf(s, 'investigation');
      await s.hub.db.query(
        `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
         VALUES ($1, 'investigation', now(), now() + interval '10 weeks', 'open')`,
        [id],
      );
      return { path: `/api/v1/cases/${id}/investigation/extensions`, body: { weeks: 2, reason: 'Meer tijd nodig' } };
    },
    expect: onCase({ supervisor: 201 }),
  },
  'POST /api/v1/cases/:id/restraining-orders': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/restraining-orders`,
        body: {
          imposedAt: new Date(Date.now() - 3600_000).toISOString(),
          imposedBy: 'Burgemeester',
          subjectPersonId: await personOf(s.hub, id, 'suspect'),
        },
      };
    },
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  // The order's course and other protective measures (docs/protection.md): the advice is the
  // receiving Veilig Thuis caseworkers'; decisions, breaches and measures any network caseworker's.
  'POST /api/v1/cases/:id/restraining-orders/:rid/advice': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/restraining-orders/${await orderOf(s, id)}/advice`,
        body: { advice: 'extend', summary: 'Dreiging houdt aan' },
      };
    },
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'POST /api/v1/cases/:id/restraining-orders/:rid/decision': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/restraining-orders/${await orderOf(s, id)}/decision`,
        body: { decision: 'lifted' },
      };
    },
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/restraining-orders/:rid/breaches': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/restraining-orders/${await orderOf(s, id)}/breaches`,
        body: { occurredAt: new Date(Date.now() - 3600_000).toISOString(), description: 'Stond voor de deur' },
      };
    },
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'POST /api/v1/cases/:id/protective-measures': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/protective-measures`,
        body: {
          type: 'victim_alarm',
          protectedPersonId: await personOf(s.hub, id, 'victim'),
          authority: 'Politie',
          startsAt: new Date(Date.now() - 3600_000).toISOString(),
        },
      };
    },
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'PATCH /api/v1/cases/:id/protective-measures/:mid': {
    request: async (s) => {
      const id = await caseOf(s);
      const mid = await inserted(
        s.hub,
        `INSERT INTO protective_measures (case_id, type, protected_person_id, authority, starts_at, status,
                                          recorded_by, recorded_at, updated_by, updated_at)
         SELECT $1, 'victim_alarm', person_id, 'Politie', now() - interval '1 day', 'active', $2, now(), $2, now()
           FROM case_persons WHERE case_id = $1 AND role = 'victim' RETURNING id`,
        [id, s.userId],
      );
      return { path: `/api/v1/cases/${id}/protective-measures/${mid}`, body: { status: 'ended' } };
    },
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/restraining-orders/:rid/extend': {
    request: async (s) => {
      const id = await caseOf(s);
      const rid = await inserted(
        s.hub,
        `INSERT INTO restraining_orders (case_id, imposed_at, imposed_by, ends_at, registered_by, registered_at)
         VALUES ($1, now() - interval '1 day', 'Burgemeester', now() + interval '9 days', $2, now()) RETURNING id`,
        [id, s.userId],
      );
      return {
        path: `/api/v1/cases/${id}/restraining-orders/${rid}/extend`,
        body: { until: new Date(Date.now() + 14 * 86_400_000).toISOString() },
      };
    },
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  // Children (docs/children.md): steps of the receiving Veilig Thuis's caseworkers.
  'PUT /api/v1/cases/:id/persons/:pid/child-check': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/persons/${await childOf(s.hub, id)}/child-check`,
        body: { seen: true, spokenTo: false, involvement: 'witness', schoolKnown: false },
      };
    },
    expect: onCase({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/child-protection-referral': {
    request: async (s) => {
      const id = await caseOf(s);
      await childOf(s.hub, id);
      const board = await createOrganisation(s.hub.db, 'child_protection_board');
      return {
        path: `/api/v1/cases/${id}/child-protection-referral`,
        body: { reason: 'attempted_partner_killing', organisationId: board.id },
      };
    },
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  // Risk assessments (issue 16): caseworkers of a network organisation seeing `safety` record them,
  // every case role seeing `safety` reads the history; the instruments are for anyone.
  'POST /api/v1/cases/:id/risk-assessments': {
    request: async (s) => ({
      path: `/api/v1/cases/${await caseOf(s)}/risk-assessments`,
      body: {
        instrument: 'vt_partnergeweld',
        items: Object.fromEntries(RISK_INSTRUMENTS[0].items.map((item) => [item.code, false])),
      },
    }),
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'GET /api/v1/cases/:id/risk-assessments': {
    request: async (s) => ({ path: `/api/v1/cases/${await caseOf(s)}/risk-assessments` }),
    expect: onCase({ caseworker: 200, supervisor: 200, medical: 200, chair: 200, regisseur: 200 }),
  },
  'GET /api/v1/risk-instruments': { request: () => ({ path: '/api/v1/risk-instruments' }), expect: everyone(200) },
  // Deadlines and the dashboard (issue 4): scoped in SQL to the caller's regie organisation, so
  // another organisation's deadlines are simply absent; the dashboard and export are for supervisors.
  'GET /api/v1/deadlines': {
    request: async (s) => {
      await caseOf(s);
      return { path: '/api/v1/deadlines' };
    },
    expect: only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, 200]))),
  },
  'GET /api/v1/dashboard': { request: () => ({ path: '/api/v1/dashboard' }), expect: only({ supervisor: 200 }) },
  'GET /api/v1/reports/lead-times.csv': {
    request: () => ({ path: '/api/v1/reports/lead-times.csv?from=2026-01-01&to=2026-12-31' }),
    expect: only({ supervisor: 200 }),
  },
  // Feedback and follow-up (docs/feedback-and-follow-up.md), figures (docs/figures.md).
  'GET /api/v1/reports/figures': {
    request: () => ({ path: '/api/v1/reports/figures?from=2026-Q1&to=2026-Q4' }),
    expect: only({ supervisor: 200 }),
  },
  'POST /api/v1/cases/:id/reports/:reportId/feedback': {
    request: async (s) => {
      const id = await caseOf(s, 'investigation');
      await s.hub.db.query(
        `UPDATE cases SET assessed_at = now(), assessment_outcome = 'structural_unsafe',
                assessment_decision = 'investigation', assessment_summary = 'Onderzoek' WHERE id = $1`,
        [id],
      );
      await s.hub.db.query(`UPDATE reports SET reporter_kind = 'professional' WHERE case_id = $1`, [id]);
      const reportId = await inserted(s.hub, `SELECT id FROM reports WHERE case_id = $1`, [id]);
      return { path: `/api/v1/cases/${id}/reports/${reportId}/feedback`, body: {} };
    },
    // The receiving Veilig Thuis's caseworkers, who take reports.
    expect: onCase({ caseworker: 201, regisseur: 201 }),
  },
  'GET /api/v1/cases/:id/follow-up-checks': {
    request: async (s) => {
      const id = await caseOf(s);
      await s.hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [id]);
      return { path: `/api/v1/cases/${id}/follow-up-checks` };
    },
    // The regie organisation's users, as for its deadlines.
    expect: onCase({ caseworker: 200, supervisor: 200, medical: 200, chair: 200, regisseur: 200 }),
  },
  'POST /api/v1/cases/:id/follow-up-checks/:cid': {
    request: async (s) => {
      const id = await caseOf(s);
      await s.hub.db.query(`UPDATE cases SET phase = 'closed', closed_at = now() WHERE id = $1`, [id]);
      const checkId = await inserted(
        s.hub,
        `INSERT INTO follow_up_checks (case_id, interval, due_at) VALUES ($1, '4w', now() + interval '28 days') RETURNING id`,
        [id],
      );
      return { path: `/api/v1/cases/${id}/follow-up-checks/${checkId}`, body: { outcome: 'safe' } };
    },
    expect: onCase({ caseworker: 200, supervisor: 200, medical: 200, chair: 200, regisseur: 200 }),
  },
  'POST /api/v1/advice-requests': {
    request: () => ({
      path: '/api/v1/advice-requests',
      body: {
        askedAt: new Date().toISOString(),
        anonymous: true,
        requester: { kind: 'citizen' },
        subjects: ['partner_violence'],
        question: 'Wat kan ik doen?',
        advice: 'Melding doen.',
        durationMinutes: 5,
      },
    }),
    expect: only({ caseworker: 201, regisseur: 201 }),
  },
  'GET /api/v1/advice-requests': {
    request: () => ({ path: '/api/v1/advice-requests' }),
    expect: only({ caseworker: 200, regisseur: 200 }),
  },
  'POST /api/v1/advice-requests/:id/report': {
    request: async (s) => {
      const id = await inserted(
        s.hub,
        `INSERT INTO advice_requests (organisation_id, asked_at, anonymous, requester_kind, subjects, question, advice,
                                      duration_minutes, adviser_user_id)
         VALUES ($1, now(), true, 'citizen', '{partner_violence}', 'Vraag', 'Advies', 5, $2) RETURNING id`,
        [s.org.id, s.userId],
      );
      return { path: `/api/v1/advice-requests/${id}/report`, body: caseBody() };
    },
    expect: only({ caseworker: { own: 201, other: 404 }, regisseur: { own: 201, other: 404 } }),
  },
  // The working-day calendar is not case data: every user may read it.
  'GET /api/v1/calendar/non-working-days': {
    request: () => ({ path: '/api/v1/calendar/non-working-days?from=2026-01-01&to=2026-12-31' }),
    expect: everyone(200),
  },
  'GET /api/v1/notifications': { request: () => ({ path: '/api/v1/notifications' }), expect: everyone(200) },
  'GET /api/v1/notifications/unread-count': {
    request: () => ({ path: '/api/v1/notifications/unread-count' }),
    expect: everyone(200),
  },
  'GET /api/v1/me/notification-preferences': {
    request: () => ({ path: '/api/v1/me/notification-preferences' }),
    expect: everyone(200),
  },
  'PUT /api/v1/me/notification-preferences': {
    request: () => ({ path: '/api/v1/me/notification-preferences', body: { emailKinds: ['deadline_breached'] } }),
    expect: everyone(200),
  },
  // Search within reach: case roles only; another organisation's case is simply not found (200, no items).
  'GET /api/v1/search': {
    request: async (s) => ({ path: `/api/v1/search?q=${await referenceOf(s)}` }),
    expect: only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, 200]))),
  },
  'POST /api/v1/search': {
    request: async (s) => ({ path: '/api/v1/search', body: { q: await referenceOf(s) } }),
    expect: only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, 200]))),
  },
  // "own": the caller's notification; "other": one of a user of the other organisation.
  'POST /api/v1/notifications/:id/read': {
    request: async (s) => {
      const recipient = s.target === 'own' && s.caller ? s.caller.id : s.userId;
      const id = await inserted(
        s.hub,
        `INSERT INTO notifications (recipient_user_id, kind, title, body) VALUES ($1, 'test', 'Titel', 'Tekst') RETURNING id`,
        [recipient],
      );
      return { path: `/api/v1/notifications/${id}/read` };
    },
    expect: only(Object.fromEntries([...ROLES, 'regisseur'].map((caller) => [caller, { own: 200, other: 404 }]))),
  },
  // Lookups (issue 5): any case role in the network may ask about a person of the case. No source
  // holder is active in this database, so they answer with no results, or custody unavailable.
  'POST /api/v1/cases/:id/lookups/known-by': {
    request: async (s) => {
      const id = await caseOf(s);
      return {
        path: `/api/v1/cases/${id}/lookups/known-by`,
        body: { personId: await personOf(s.hub, id, 'victim'), reasonCode: 'veiligheidsbeoordeling' },
      };
    },
    expect: onCase({}, 200),
  },
  'POST /api/v1/cases/:id/lookups/custody': {
    request: async (s) => {
      const id = await caseOf(s);
      await s.hub.db.query(`UPDATE case_persons SET role = 'child' WHERE case_id = $1 AND role = 'victim'`, [id]);
      return { path: `/api/v1/cases/${id}/lookups/custody`, body: { personId: await personOf(s.hub, id, 'child') } };
    },
    expect: onCase({}, 200),
  },
  // Detail requests: queued for the worker (none runs here); the answer only for the requesting organisation.
  'POST /api/v1/cases/:id/lookups/detail-requests': {
    request: async (s) => {
      const id = await caseOf(s);
      const partner = await createOrganisation(s.hub.db, 'certified_institution');
      await sourceHolderOf(s, partner.id, 'detail');
      return {
        path: `/api/v1/cases/${id}/lookups/detail-requests`,
        body: {
          personId: await personOf(s.hub, id, 'victim'),
          organisationId: partner.id,
          reasonCode: 'veiligheidsbeoordeling',
          legalBasis: 'wettelijke_taak',
        },
      };
    },
    expect: onCase({}, 202),
  },
  'GET /api/v1/cases/:id/lookups/detail-requests/:rid': {
    request: async (s) => {
      const id = await caseOf(s);
      const holder = await sourceHolderOf(s, s.org.id, 'detail');
      const rid = await inserted(
        s.hub,
        `INSERT INTO detail_requests (case_id, person_id, source_holder_id, requesting_organisation_id, requested_by,
                                      requester_role, reason_code, legal_basis, transaction_id)
         VALUES ($1, $2, $3, $4, $5, 'caseworker', 'veiligheidsbeoordeling', 'wettelijke_taak', gen_random_uuid())
         RETURNING id`,
        [id, await personOf(s.hub, id, 'victim'), holder, s.org.id, s.userId],
      );
      return { path: `/api/v1/cases/${id}/lookups/detail-requests/${rid}` };
    },
    expect: onCase({}, 200),
  },
  // The registry of source holders is the platform admin's; registered inactive, so no lookup uses them.
  'GET /api/v1/source-holders': {
    request: () => ({ path: '/api/v1/source-holders' }),
    expect: only({ platform_admin: 200 }),
  },
  'GET /api/v1/source-holders/:id': {
    request: async (s) => ({ path: `/api/v1/source-holders/${await sourceHolderOf(s)}` }),
    expect: only({ platform_admin: 200 }),
  },
  'POST /api/v1/source-holders': {
    request: (s) => ({
      path: '/api/v1/source-holders',
      body: {
        sourceId: `t-${randomUUID().slice(0, 12)}`,
        organisationId: s.org.id,
        baseUrl: 'http://127.0.0.1:9',
        capabilities: ['known_by'],
        pseudonymKey: 'e2e-authorization-table-pseudonym-key-0123456789',
        active: false,
      },
    }),
    expect: only({ platform_admin: 201 }),
  },
  'PATCH /api/v1/source-holders/:id': {
    request: async (s) => ({ path: `/api/v1/source-holders/${await sourceHolderOf(s)}`, body: { active: false } }),
    expect: only({ platform_admin: 200 }),
  },
  // Meetings (issue 6): chairs create and run them; participants read them; anyone else gets 404.
  'POST /api/v1/meetings': {
    request: async (s) => ({
      path: '/api/v1/meetings',
      body: {
        kind: 'action_meeting',
        scheduledAt: '2026-11-26T10:00:00+01:00',
        organisationIds: [],
        caseIds: [await caseOf(s)],
      },
    }),
    expect: only({ chair: { own: 201, other: 404 } }),
  },
  'GET /api/v1/meetings': {
    request: async (s) => {
      await meetingOf(s);
      return { path: '/api/v1/meetings' };
    },
    expect: only(Object.fromEntries(CASE_CALLERS.map((caller) => [caller, 200]))),
  },
  'GET /api/v1/meetings/:id': {
    request: async (s) => ({ path: `/api/v1/meetings/${(await meetingOf(s)).id}` }),
    expect: onCase({}, 200),
  },
  'POST /api/v1/meetings/:id/items': {
    request: async (s) => ({
      path: `/api/v1/meetings/${(await meetingOf(s)).id}/items`,
      body: { caseId: await caseOf(s) },
    }),
    expect: only({ chair: { own: 201, other: 404 } }),
  },
  'POST /api/v1/meetings/:id/items/:caseId/decisions': {
    request: async (s) => {
      const meeting = await meetingOf(s);
      return {
        path: `/api/v1/meetings/${meeting.id}/items/${meeting.caseId}/decisions`,
        body: { text: 'Besluit', actions: [] },
      };
    },
    expect: only({ chair: { own: 201, other: 404 } }),
  },
  'GET /api/v1/meetings/:id/items/:caseId/regisseur-candidates': {
    request: async (s) => {
      const meeting = await meetingOf(s);
      return { path: `/api/v1/meetings/${meeting.id}/items/${meeting.caseId}/regisseur-candidates` };
    },
    expect: only({ chair: { own: 200, other: 404 } }),
  },
  // Adding a participant to the case's network follows the case's partner rules: regisseur or regie supervisor.
  'POST /api/v1/meetings/:id/items/:itemId/partners': {
    request: async (s) => {
      const meeting = await meetingOf(s);
      return {
        path: `/api/v1/meetings/${meeting.id}/items/${meeting.itemId}/partners`,
        body: {
          organisationId: meeting.participantId,
          legalBasis: 'statutory',
          legalBasisRef: 'Politiewet',
          categories: ['basic'],
        },
      };
    },
    expect: onCase({ supervisor: 201, regisseur: 201 }),
  },
  'POST /api/v1/meetings/:id/close': {
    request: async (s) => ({ path: `/api/v1/meetings/${(await meetingOf(s)).id}/close` }),
    expect: only({ chair: { own: 200, other: 404 } }),
  },
  'GET /api/v1/meetings/:id/preparation': {
    request: async (s) => ({ path: `/api/v1/meetings/${(await meetingOf(s)).id}/preparation` }),
    expect: only({ chair: { own: 200, other: 404 } }),
  },
  'GET /api/v1/meetings/:id/minutes': {
    request: async (s) => ({ path: `/api/v1/meetings/${(await meetingOf(s)).id}/minutes` }),
    expect: onCase({}, 200),
  },
  'GET /api/v1/meetings/:id/minutes.html': {
    request: async (s) => ({ path: `/api/v1/meetings/${(await meetingOf(s)).id}/minutes.html` }),
    expect: onCase({}, 200),
  },
};

/**
 * An open meeting held by the target organisation, with a police organisation taking part and a
 * case of the target organisation on the agenda.
 */
async function meetingOf(s: Setup) {
  const caseId = await caseOf(s);
  const police = await createOrganisation(s.hub.db, 'police');
  const id = await inserted(
    s.hub,
    `INSERT INTO meetings (kind, organisation_id, chair_user_id, scheduled_at) VALUES ('zsm', $1, $2, now()) RETURNING id`,
    [s.org.id, s.userId],
  );
  await s.hub.db.query(`INSERT INTO meeting_participants (meeting_id, organisation_id) VALUES ($1, $2), ($1, $3)`, [
    id,
    s.org.id,
    police.id,
  ]);
  const itemId = await inserted(
    s.hub,
    `INSERT INTO meeting_items (meeting_id, case_id, position, added_by) VALUES ($1, $2, 1, $3) RETURNING id`,
    [id, caseId, s.userId],
  );
  return { id, caseId, itemId, participantId: police.id };
}

async function personOf(hub: Hub, caseId: string, role: string): Promise<string> {
  const [row] = (await hub.db.query(`SELECT person_id FROM case_persons WHERE case_id = $1 AND role = $2`, [
    caseId,
    role,
  ])) as { person_id: string }[];
  return row.person_id;
}

/**
 * A source holder answering for an organisation: inactive for known-by, so no lookup in this
 * database asks it; active for detail requests, which only the worker (not running here) sends.
 */
function sourceHolderOf(s: Setup, organisationId = s.org.id, capability = 'known_by'): Promise<string> {
  return inserted(
    s.hub,
    `INSERT INTO source_holders (source_id, organisation_id, base_url, capabilities, pseudonym_key_ciphertext,
                                 pseudonym_key_key_id, active)
     VALUES ($1, $2, 'http://127.0.0.1:9', ARRAY[$3::text], '\\x00', 'dev-only-1', $3::text = 'detail') RETURNING id`,
    [`t-${randomUUID().slice(0, 12)}`, organisationId, capability],
  );
}

function caseBodyForTable() {
  return caseBody({ persons: [{ role: 'victim', firstName: 'Anna', lastName: 'Jansen' }] });
}

/** Routes that need no token, each with the reason. */
const PUBLIC = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  // The second factor's sign-in steps take the login answer's challenge token instead.
  'POST /api/v1/auth/second-factor/totp',
  'POST /api/v1/auth/second-factor/passkey',
  'POST /api/v1/auth/second-factor/recovery-code',
  'POST /api/v1/auth/second-factor/pending',
  'GET /api/v1/auth/oidc/:organisationSlug/start',
  'GET /api/v1/auth/oidc/:organisationSlug/callback',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'GET /openapi.json',
  'GET /api/v1/openapi.json',
]);

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

function discoverRoutes(hub: Hub): string[] {
  const express = hub.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  // Nest registers each handler for one verb; multi-verb layers are its own fallbacks, not endpoints.
  return express.router.stack
    .filter((layer) => layer.route && !layer.route.path.startsWith('/docs'))
    .map((layer) => ({ path: layer.route!.path, methods: Object.keys(layer.route!.methods) }))
    .filter((route) => route.methods.length === 1)
    .map((route) => `${route.methods[0].toUpperCase()} ${route.path}`);
}

describe('authorization table: role x own/other organisation x endpoint', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  it('has a row for every endpoint the app serves', () => {
    const routes = discoverRoutes(hub);
    expect(routes.length).toBeGreaterThan(5);
    const missing = routes.filter((route) => !TABLE[route] && !PUBLIC.has(route));
    expect(missing).toEqual([]);
    const stale = Object.keys(TABLE).filter((route) => !routes.includes(route));
    expect(stale).toEqual([]);
  });

  const cases = Object.entries(TABLE).flatMap(([route, row]) =>
    (Object.keys(row.expect) as Caller[]).flatMap((caller) =>
      (['own', 'other'] as Target[]).map((target) => {
        const expected = row.expect[caller];
        return [route, caller, target, typeof expected === 'number' ? expected : expected[target]] as const;
      }),
    ),
  );

  it.each(cases)('%s as %s on %s organisation answers %i', async (route, caller, target, status) => {
    const own = await createOrganisation(hub.db);
    const other = await createOrganisation(hub.db);
    const targetOrg = target === 'own' ? own : other;
    const subjectUser = await createUser(hub.db, targetOrg.id, ['caseworker']);
    const callerUser =
      caller === 'anonymous'
        ? undefined
        : await createUser(hub.db, own.id, [caller === 'regisseur' ? 'caseworker' : caller]);
    const token = callerUser ? await login(hub, callerUser.email) : undefined;
    const method = route.split(' ')[0];
    const { path, body } = await TABLE[route].request({
      hub,
      org: targetOrg,
      target,
      userId: subjectUser.id,
      caller: callerUser,
      callerRole: caller,
    });
    const res = await call(hub, method, path, { token, body });
    expect({ route, caller, target, status: res.status }).toEqual({ route, caller, target, status });
    if (status === 404 || status === 403) {
      // Denied attempts leave a trace.
      const [row] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE request_id = $1 AND outcome = 'denied'`,
        [res.body.requestId],
      )) as { n: number }[];
      expect(row.n).toBe(1);
    }
  });
});
