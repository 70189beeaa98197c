import { DATA_CATEGORIES } from '../libs/cases/src/case-partner.entity';
import { RISK_INSTRUMENTS } from '../libs/cases/src/risk-instruments';
import { addPartner, caseBody, CaseBody, directedCase, expectError, Member, member } from './support/cases';
import { call, createOrganisation, Hub, startHub, TestOrganisation } from './support/hub';

/**
 * One projection out (docs/access-projection.md): every write that answers case data answers no
 * field the same caller's GET would not show of the written row. The table below lists every such
 * write of the published document, so a new one fails here until it is listed and holds the rule.
 */

type Role = 'caseworker' | 'supervisor' | 'chair';

/** A fresh Veilig Thuis case, its regisseur, and the organisation whose member calls. */
interface Setting {
  vt: Awaited<ReturnType<typeof directedCase>>['vt'];
  caseId: string;
  path: string;
  /** The regisseur, a caseworker of the Veilig Thuis organisation that received the case. */
  regisseur: Member;
  /** The organisation of the caller: the partner, or the Veilig Thuis organisation itself. */
  callerOrg: TestOrganisation;
  caller: Member;
  personOf(role: string): string;
  reportId: string;
}

/** What a write needs: its url (path template filled in) and its body. */
interface Prepared {
  url: string;
  body?: unknown;
  /** Ids the row lookup needs that the reply does not carry. */
  ids?: Record<string, string>;
}

interface WriteRow {
  /** The role the endpoint needs of the caller. */
  role: Role;
  /** Brings the case into the state the write needs, as its regisseur and supervisor. */
  prepare(s: Setting): Promise<Prepared>;
  /** Whether a partner with these categories may perform it; refused writes answer 403 or 404. */
  partner: 'writes' | 'refused' | ((categories: string[]) => 'writes' | 'refused');
  /**
   * The written row as the caller's own GET shows it; undefined when that GET does not show the
   * row (its section is outside the caller's categories), and the reply may then be its id only.
   */
  shown(s: Setting, reply: CaseBody, prepared: Prepared): Promise<unknown>;
}

const HOUR = 3_600_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

/** A professional reporter (feedback is owed to one) and a child (for the children's steps). */
const PROFESSIONAL = {
  kind: 'professional',
  name: 'Dr. Jansen',
  organisation: 'Huisartsenpraktijk',
  phone: '0301234567',
};
const CHILD = { role: 'child', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2016-04-12' };

/** Every category set a partner can hold: basic alone, basic with each other category, and all. */
const CATEGORY_SETS: string[][] = [
  ['basic'],
  ...DATA_CATEGORIES.filter((category) => category !== 'basic').map((category) => ['basic', category]),
  [...DATA_CATEGORIES],
];

const INSTRUMENT = RISK_INSTRUMENTS[0];

/**
 * Writes under /api/v1 that answer no case data, and why, outside the check. A write missing
 * from both this list and the table fails the first test.
 */
const NO_CASE_DATA = new Set([
  // Signing in and out and the second factor answer tokens and the user's own factors.
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/logout',
  'POST /auth/second-factor/pending',
  'POST /auth/second-factor/totp',
  'POST /auth/second-factor/recovery-code',
  'POST /auth/second-factor/passkey',
  'POST /auth/second-factor/totp/setup',
  'POST /auth/second-factor/totp/confirm',
  'POST /auth/second-factor/passkeys/options',
  'POST /auth/second-factor/passkeys',
  'POST /auth/second-factor/recovery-codes',
  'POST /auth/second-factor/step-up',
  'POST /auth/second-factor/step-up/totp',
  'POST /auth/second-factor/step-up/passkey',
  // An organisation's users, the source holders and the audit chain: administration, no case.
  'POST /organisations/{orgId}/users',
  'PATCH /organisations/{orgId}/users/{userId}',
  'POST /source-holders',
  'PATCH /source-holders/{id}',
  'POST /audit/checkpoints',
  // The caller's own notification settings, and marking one of their notifications read.
  'PUT /me/notification-preferences',
  'POST /notifications/{id}/read',
  // An advice request is a consultation without a case (its report, below, makes one).
  'POST /advice-requests',
  // Lookups answer what the sources hold on a person of the case, never the case's own sections;
  // who may ask and what they get back is their own contract (test/lookups*.e2e-spec.ts).
  'POST /cases/{id}/lookups/known-by',
  'POST /cases/{id}/lookups/custody',
  'POST /cases/{id}/lookups/detail-requests',
  // A search with the query in the body is a read, answered as GET /search answers: only cases in
  // reach, persons only where `basic` shows them (test/search.e2e-spec.ts).
  'POST /search',
]);

describe('cases: every write answers only what the same caller reads', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const get = async (token: string, url: string) => {
    const res = await call<CaseBody>(hub, 'GET', url, { token });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${res.text}`);
    return res.body;
  };
  const post = async (token: string, url: string, body: unknown, method = 'POST') => {
    const res = await call<CaseBody>(hub, method, url, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`);
    return res.body;
  };
  /** The case's view for the caller. */
  const view = (s: Setting) => get(s.caller.token, s.path);
  const byId = (rows: CaseBody[] | undefined, id: string) => rows?.find((row) => row.id === id);
  /** A row of a list the case view holds; undefined when the caller's view leaves the list out. */
  const viewRow = (section: string, id: (reply: CaseBody, prepared: Prepared) => string) => {
    return async (s: Setting, reply: CaseBody, prepared: Prepared) =>
      byId((await view(s))[section] as CaseBody[] | undefined, id(reply, prepared));
  };
  const ownId = (reply: CaseBody) => reply.id as string;

  const assess = (s: Setting, decision: string) =>
    post(s.regisseur.token, `${s.path}/safety-assessment`, {
      outcome: 'structural_unsafe',
      decision,
      summary: 'Beoordeeld',
    });
  const action = (s: Setting) =>
    post(s.regisseur.token, `${s.path}/actions`, {
      assigneeOrganisationId: s.callerOrg.id,
      description: 'Huisbezoek bij het gezin',
      dueAt: at(24 * HOUR),
    });
  const order = (s: Setting) =>
    post(s.regisseur.token, `${s.path}/restraining-orders`, {
      imposedAt: at(-HOUR),
      imposedBy: 'Burgemeester van Utrecht',
      subjectPersonId: s.personOf('suspect'),
    });
  const measure = (s: Setting) => ({
    type: 'contact_ban',
    subjectPersonId: s.personOf('suspect'),
    protectedPersonId: s.personOf('victim'),
    authority: 'Officier van justitie',
    description: 'Geen contact met het slachtoffer.',
    startsAt: at(-HOUR),
    endsAt: at(30 * 24 * HOUR),
  });
  /** Follow-up phase, then the close the regisseur asks for: its approval waits for a supervisor. */
  const closing = async (s: Setting) => {
    await assess(s, 'follow_up');
    return (await post(s.regisseur.token, `${s.path}/close`, { reason: 'Hulp loopt' })).approval.id as string;
  };
  const meeting = async (token: string, caseIds: string[], organisationIds: string[] = []) =>
    (
      await post(token, '/api/v1/meetings', {
        kind: 'action_meeting',
        scheduledAt: at(24 * HOUR),
        organisationIds,
        caseIds,
      })
    ).id as string;
  const partnerBody = (organisationId: string) => ({
    organisationId,
    legalBasis: 'statutory',
    legalBasisRef: 'Jeugdwet art. 2.1',
    categories: ['basic'],
  });
  /** The partner row of the case view, which lists partners by organisation. */
  const partnerRow = async (s: Setting, organisationId: string) =>
    ((await view(s)).partners as CaseBody[]).find((p) => p.organisationId === organisationId);
  const wholeCase = async (s: Setting, reply: CaseBody) => get(s.caller.token, `/api/v1/cases/${reply.id}`);
  const wholeMeeting = async (s: Setting, reply: CaseBody) => get(s.caller.token, `/api/v1/meetings/${reply.id}`);

  /** Every write on case data, by method and path as the published document names them. */
  const WRITES: Record<string, WriteRow> = {
    'POST /cases': {
      role: 'caseworker',
      partner: 'refused',
      prepare: () => Promise.resolve({ url: '/api/v1/cases', body: caseBody({}, hub.clock.now()) }),
      shown: wholeCase,
    },
    'POST /advice-requests/{id}/report': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        const advice = await post(s.regisseur.token, '/api/v1/advice-requests', {
          askedAt: at(-HOUR),
          anonymous: false,
          requester: { kind: 'professional', organisationKind: 'school', name: 'Mevr. Bakker', phone: '0301234567' },
          subjects: ['child_abuse'],
          question: 'Een leerling vertelt over klappen thuis.',
          advice: 'Melden.',
          durationMinutes: 10,
        });
        return { url: `/api/v1/advice-requests/${advice.id}/report`, body: caseBody({}, hub.clock.now()) };
      },
      shown: wholeCase,
    },
    'POST /cases/{id}/reports': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) => Promise.resolve({ url: `${s.path}/reports`, body: caseBody({}, hub.clock.now()) }),
      shown: (s) => view(s),
    },
    'POST /cases/{id}/radar/refresh': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) => Promise.resolve({ url: `${s.path}/radar/refresh`, body: {} }),
      shown: (s) => view(s),
    },
    'PUT /cases/{id}/regisseur': {
      role: 'supervisor',
      partner: 'refused',
      prepare: async (s) => {
        const next = await member(hub, s.vt.org, ['caseworker']);
        return { url: `${s.path}/regisseur`, body: { userId: next.user.id } };
      },
      shown: (s) => view(s),
    },
    'POST /cases/{id}/partners': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        const shelter = await createOrganisation(hub.db, 'shelter');
        return { url: `${s.path}/partners`, body: partnerBody(shelter.id), ids: { organisationId: shelter.id } };
      },
      shown: (s, _reply, prepared) => partnerRow(s, prepared.ids!.organisationId),
    },
    'POST /cases/{id}/safety-assessment': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/safety-assessment`,
          body: { outcome: 'structural_unsafe', decision: 'investigation', summary: 'Onderzoek nodig' },
        }),
      shown: (s) => view(s),
    },
    'POST /cases/{id}/investigation/complete': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'investigation');
        return {
          url: `${s.path}/investigation/complete`,
          body: { conclusion: 'Hulp is nodig', decision: 'follow_up' },
        };
      },
      shown: (s) => view(s),
    },
    'POST /cases/{id}/investigation/suspensions': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'investigation');
        return { url: `${s.path}/investigation/suspensions`, body: { reason: 'Wachten op politie' } };
      },
      shown: async (s, reply) =>
        byId((await view(s)).investigation?.suspensions as CaseBody[] | undefined, reply.id as string),
    },
    'POST /cases/{id}/investigation/suspensions/{sid}/end': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'investigation');
        const suspension = await post(s.regisseur.token, `${s.path}/investigation/suspensions`, {
          reason: 'Wachten op politie',
        });
        return { url: `${s.path}/investigation/suspensions/${suspension.id}/end` };
      },
      // The moved term is the investigation deadline, which the case view lists (basic).
      shown: async (s, reply) => {
        const seen = await view(s);
        const row = byId(seen.investigation?.suspensions as CaseBody[] | undefined, reply.id as string);
        const term = (seen.deadlines as CaseBody[]).find((d) => d.kind === 'investigation');
        return row && { ...row, investigationDueAt: term?.dueAt };
      },
    },
    'POST /cases/{id}/investigation/extensions': {
      role: 'supervisor',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'investigation');
        return { url: `${s.path}/investigation/extensions`, body: { weeks: 2, reason: 'Complex gezin' } };
      },
      shown: async (s, reply) =>
        byId((await view(s)).investigation?.extensions as CaseBody[] | undefined, reply.id as string),
    },
    'POST /cases/{id}/close': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'follow_up');
        return { url: `${s.path}/close`, body: { reason: 'Hulp loopt' } };
      },
      shown: async (s, reply) => {
        const row = byId((await get(s.caller.token, `${s.path}/approvals`)).items, reply.approval.id);
        return row && { approval: row };
      },
    },
    'POST /cases/{id}/approvals/{aid}/decide': {
      role: 'supervisor',
      partner: 'refused',
      prepare: async (s) => ({
        url: `${s.path}/approvals/${await closing(s)}/decide`,
        body: { decision: 'approved', note: 'Akkoord' },
      }),
      shown: async (s, reply) => byId((await get(s.caller.token, `${s.path}/approvals`)).items, reply.id as string),
    },
    'POST /cases/{id}/follow-up-checks/{cid}': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        const approvalId = await closing(s);
        await post(s.vt.supervisor.token, `${s.path}/approvals/${approvalId}/decide`, {
          decision: 'approved',
          note: 'Akkoord',
        });
        const [check] = (await get(s.regisseur.token, `${s.path}/follow-up-checks`)).items as CaseBody[];
        return { url: `${s.path}/follow-up-checks/${check.id}`, body: { outcome: 'safe', note: 'Rustig' } };
      },
      shown: viewRow('followUpChecks', ownId),
    },
    'POST /cases/{id}/reports/{reportId}/feedback': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        await assess(s, 'follow_up');
        return { url: `${s.path}/reports/${s.reportId}/feedback`, body: { note: 'Besproken' } };
      },
      shown: viewRow('reports', ownId),
    },
    'POST /cases/{id}/actions': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/actions`,
          body: { assigneeOrganisationId: s.callerOrg.id, description: 'Huisbezoek', dueAt: at(24 * HOUR) },
        }),
      shown: viewRow('actions', ownId),
    },
    'PATCH /cases/{id}/actions/{actionId}': {
      role: 'caseworker',
      partner: 'writes',
      prepare: async (s) => ({
        url: `${s.path}/actions/${(await action(s)).id}`,
        body: { status: 'blocked', note: 'Niemand thuis' },
      }),
      shown: viewRow('actions', ownId),
    },
    'POST /cases/{id}/escalations': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/escalations`,
          body: { targetOrganisationId: s.callerOrg.id, reason: 'Geen reactie' },
        }),
      shown: viewRow('escalations', ownId),
    },
    'POST /cases/{id}/escalations/{eid}/resolve': {
      role: 'supervisor',
      partner: 'writes',
      prepare: async (s) => {
        const escalation = await post(s.regisseur.token, `${s.path}/escalations`, {
          targetOrganisationId: s.callerOrg.id,
          reason: 'Geen reactie',
        });
        return { url: `${s.path}/escalations/${escalation.id}/resolve`, body: { resolution: 'Wijkagent gaat' } };
      },
      shown: viewRow('escalations', ownId),
    },
    'POST /cases/{id}/notes': {
      role: 'caseworker',
      // A note goes into a category the caller sees; basic holds no notes.
      partner: (categories) => (categories.some((c) => c !== 'basic') ? 'writes' : 'refused'),
      prepare: async (s) => {
        const seen = (await view(s)).visibleCategories as string[];
        const category = seen.find((c) => c !== 'basic') ?? 'safety';
        return { url: `${s.path}/notes`, body: { category, text: 'Gesprek gevoerd' } };
      },
      shown: viewRow('notes', ownId),
    },
    'POST /cases/{id}/restraining-orders': {
      role: 'caseworker',
      partner: 'writes',
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/restraining-orders`,
          body: { imposedAt: at(-HOUR), imposedBy: 'Burgemeester van Utrecht', subjectPersonId: s.personOf('suspect') },
        }),
      shown: viewRow('restrainingOrders', ownId),
    },
    'POST /cases/{id}/restraining-orders/{rid}/advice': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => ({
        url: `${s.path}/restraining-orders/${(await order(s)).id}/advice`,
        body: { advice: 'extend', summary: 'Dreiging blijft' },
      }),
      shown: viewRow('restrainingOrders', ownId),
    },
    'POST /cases/{id}/restraining-orders/{rid}/decision': {
      role: 'caseworker',
      partner: 'writes',
      prepare: async (s) => ({
        url: `${s.path}/restraining-orders/${(await order(s)).id}/decision`,
        body: { decision: 'extended', until: at(20 * 24 * HOUR) },
      }),
      shown: viewRow('restrainingOrders', ownId),
    },
    'POST /cases/{id}/restraining-orders/{rid}/extend': {
      role: 'caseworker',
      partner: 'writes',
      prepare: async (s) => ({
        url: `${s.path}/restraining-orders/${(await order(s)).id}/extend`,
        body: { until: at(20 * 24 * HOUR) },
      }),
      shown: viewRow('restrainingOrders', ownId),
    },
    'POST /cases/{id}/restraining-orders/{rid}/breaches': {
      role: 'caseworker',
      partner: 'writes',
      prepare: async (s) => ({
        url: `${s.path}/restraining-orders/${(await order(s)).id}/breaches`,
        body: { occurredAt: at(-10 * 60_000), description: 'Stond voor de deur' },
      }),
      shown: async (s, reply) => {
        const orders = (await view(s)).restrainingOrders as CaseBody[] | undefined;
        return byId(
          orders?.flatMap((o) => o.breaches as CaseBody[]),
          reply.id as string,
        );
      },
    },
    'POST /cases/{id}/protective-measures': {
      role: 'caseworker',
      partner: 'writes',
      prepare: (s) => Promise.resolve({ url: `${s.path}/protective-measures`, body: measure(s) }),
      shown: viewRow('protectiveMeasures', ownId),
    },
    'PATCH /cases/{id}/protective-measures/{mid}': {
      role: 'caseworker',
      partner: 'writes',
      prepare: async (s) => ({
        url: `${s.path}/protective-measures/${(await post(s.regisseur.token, `${s.path}/protective-measures`, measure(s))).id}`,
        body: { description: 'Ook niet via familie.' },
      }),
      shown: viewRow('protectiveMeasures', ownId),
    },
    'POST /cases/{id}/risk-assessments': {
      role: 'caseworker',
      // Risk is assessed by those who see the safety category.
      partner: (categories) => (categories.includes('safety') ? 'writes' : 'refused'),
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/risk-assessments`,
          body: {
            instrument: INSTRUMENT.code,
            items: Object.fromEntries(INSTRUMENT.items.map((item) => [item.code, false])),
          },
        }),
      shown: async (s, reply) => byId((await get(s.caller.token, `${s.path}/risk-assessments`)).items, reply.id),
    },
    'PUT /cases/{id}/persons/{pid}/child-check': {
      role: 'caseworker',
      partner: 'refused',
      prepare: (s) =>
        Promise.resolve({
          url: `${s.path}/persons/${s.personOf('child')}/child-check`,
          body: {
            seen: true,
            spokenTo: true,
            childView: 'Het is thuis eng.',
            involvement: 'witness',
            caregivers: 'Moeder',
            schoolKnown: false,
          },
        }),
      // The case view shows each child's check under the child; the reply is that row, flattened.
      shown: async (s, reply) => {
        const row = ((await view(s)).childChecks as CaseBody[] | undefined)?.find((c) => c.personId === reply.personId);
        return row && { personId: row.personId, ...row.check };
      },
    },
    'POST /cases/{id}/child-protection-referral': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        const board = await createOrganisation(hub.db, 'child_protection_board');
        return {
          url: `${s.path}/child-protection-referral`,
          body: { reason: 'attempted_partner_killing', organisationId: board.id },
        };
      },
      // How many of the board were told is in the referral's timeline entry.
      shown: async (s) => {
        const referral = (await view(s)).childProtectionReferral as CaseBody | undefined;
        const timeline = (await get(s.caller.token, `${s.path}/timeline`)).items as CaseBody[];
        const entry = timeline.find((e) => e.type === 'child_protection_referred');
        return referral && { ...referral, notified: entry?.data.notified };
      },
    },
    'POST /meetings': {
      role: 'chair',
      partner: 'writes',
      prepare: (s) =>
        Promise.resolve({
          url: '/api/v1/meetings',
          body: { kind: 'action_meeting', scheduledAt: at(24 * HOUR), organisationIds: [], caseIds: [s.caseId] },
        }),
      shown: wholeMeeting,
    },
    'POST /meetings/{id}/items': {
      role: 'chair',
      partner: 'writes',
      prepare: async (s) => ({
        url: `/api/v1/meetings/${await meeting(s.caller.token, [])}/items`,
        body: { caseId: s.caseId },
      }),
      shown: async (s, reply, prepared) =>
        byId((await get(s.caller.token, prepared.url.replace(/\/items$/, ''))).agenda, reply.id as string),
    },
    'POST /meetings/{id}/items/{caseId}/decisions': {
      role: 'chair',
      partner: 'writes',
      prepare: async (s) => {
        const id = await meeting(s.caller.token, [s.caseId]);
        return {
          url: `/api/v1/meetings/${id}/items/${s.caseId}/decisions`,
          body: {
            text: 'Politie gaat langs',
            actions: [{ assigneeOrganisationId: s.callerOrg.id, description: 'Huisbezoek', dueAt: at(24 * HOUR) }],
          },
          ids: { meetingId: id },
        };
      },
      // The minutes show the decision under its agenda item.
      shown: async (s, reply, prepared) => {
        const minutes = await get(s.caller.token, `/api/v1/meetings/${prepared.ids!.meetingId}/minutes`);
        const item = (minutes.items as CaseBody[]).find((i) => i.caseId === s.caseId);
        return byId(item?.decisions as CaseBody[] | undefined, reply.id as string);
      },
    },
    'POST /meetings/{id}/items/{itemId}/partners': {
      role: 'caseworker',
      partner: 'refused',
      prepare: async (s) => {
        // A meeting of the case's Veilig Thuis, with the caller's organisation and the newcomer in it.
        const chair = await member(hub, s.vt.org, ['chair']);
        const shelter = await createOrganisation(hub.db, 'shelter');
        const id = await meeting(chair.token, [s.caseId], [s.callerOrg.id, shelter.id]);
        const [item] = (await get(chair.token, `/api/v1/meetings/${id}`)).agenda as CaseBody[];
        return {
          url: `/api/v1/meetings/${id}/items/${item.id}/partners`,
          body: partnerBody(shelter.id),
          ids: { organisationId: shelter.id, itemId: item.id },
        };
      },
      // The case view's partner row, and the agenda item the caller named to add it from.
      shown: async (s, _reply, prepared) => {
        const row = await partnerRow(s, prepared.ids!.organisationId);
        return row && { ...row, itemId: prepared.ids!.itemId };
      },
    },
    'POST /meetings/{id}/close': {
      role: 'chair',
      partner: 'writes',
      prepare: async (s) => ({ url: `/api/v1/meetings/${await meeting(s.caller.token, [s.caseId])}/close` }),
      shown: wholeMeeting,
    },
  };

  /** Fields of `reply` (deep) that `shown` does not have; rows in lists are matched by id. */
  function extraFields(reply: unknown, shown: unknown, where = '$'): string[] {
    if (reply === null || typeof reply !== 'object') return [];
    if (Array.isArray(reply)) {
      const rows = Array.isArray(shown) ? (shown as unknown[]) : [];
      return reply.flatMap((item, i) => {
        const id = (item as CaseBody | null)?.id;
        const counterpart = id === undefined ? rows[i] : rows.find((row) => (row as CaseBody | null)?.id === id);
        return extraFields(item, counterpart, `${where}[${i}]`);
      });
    }
    const fields = shown !== null && typeof shown === 'object' && !Array.isArray(shown) ? (shown as CaseBody) : {};
    return Object.entries(reply).flatMap(([key, value]) =>
      key in fields ? extraFields(value, fields[key], `${where}.${key}`) : [`${where}.${key}`],
    );
  }

  /** A case of a fresh Veilig Thuis organisation, with a partner (of these categories) or none. */
  async function settingFor(categories: string[] | 'veilig_thuis', role: Role): Promise<Setting> {
    const { vt, created, path, token } = await directedCase(hub, {
      reporter: PROFESSIONAL,
      persons: [...(caseBody().persons as CaseBody[]), CHILD],
    });
    const callerOrg =
      categories === 'veilig_thuis' ? vt.org : await addPartner(hub, token, created.id, 'police', categories);
    const caller =
      categories === 'veilig_thuis' && role === 'caseworker'
        ? vt.caseworker
        : categories === 'veilig_thuis' && role === 'supervisor'
          ? vt.supervisor
          : await member(hub, callerOrg, [role]);
    return {
      vt,
      caseId: created.id as string,
      path,
      regisseur: vt.caseworker,
      callerOrg,
      caller,
      personOf: (r) => (created.persons as CaseBody[]).find((p) => p.role === r)!.id as string,
      reportId: created.reports[0].id as string,
    };
  }

  /** Runs one write as the setting's caller and holds its reply to the caller's own reads. */
  async function check(operation: string, s: Setting, expected: 'writes' | 'refused') {
    const row = WRITES[operation];
    const method = operation.split(' ')[0];
    const prepared = await row.prepare(s);
    const res = await call<CaseBody>(hub, method, prepared.url, {
      token: s.caller.token,
      body: prepared.body,
    });
    if (expected === 'refused') {
      expect([403, 404]).toContain(res.status);
      // The documented error body and nothing of the case in it.
      expectError(res, res.status, expect.any(String) as unknown as string);
      for (const value of [s.caseId, 'de Vries']) expect(res.text).not.toContain(value);
      return;
    }
    expect(res.status < 300 ? 'written' : `${res.status} ${res.text}`).toBe('written');
    const shown = await row.shown(s, res.body, prepared);
    if (shown === undefined) {
      // The caller's reads do not show the row: the reply names it and nothing more.
      expect(res.body).toEqual({ id: expect.any(String) as string });
      return;
    }
    expect(extraFields(res.body, shown)).toEqual([]);
  }

  it('lists every write of the published document, as case data in the table or as none outside it', async () => {
    const response = await fetch(`${hub.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['post', 'put', 'patch'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(writes.filter((w) => !(w in WRITES) && !NO_CASE_DATA.has(w)).sort()).toEqual([]);
    // And no row for a write the document no longer has.
    expect([...Object.keys(WRITES), ...NO_CASE_DATA].filter((w) => !writes.includes(w)).sort()).toEqual([]);
  });

  describe.each(Object.keys(WRITES))('%s', (operation) => {
    it.each(CATEGORY_SETS.map((set) => [set.join('+'), set]))(
      'answers a partner with %s no more than its reads show',
      async (_label, categories) => {
        const row = WRITES[operation];
        const expected = typeof row.partner === 'function' ? row.partner(categories) : row.partner;
        await check(operation, await settingFor(categories, row.role), expected);
      },
      120_000,
    );

    // Veilig Thuis that received the case holds every category (intake grants them and nothing
    // narrows them), so there is no narrower set to run its own steps with.
    it('answers the Veilig Thuis that directs the case no more than its reads show', async () => {
      const row = WRITES[operation];
      await check(operation, await settingFor('veilig_thuis', row.role), 'writes');
    }, 120_000);
  });
});
