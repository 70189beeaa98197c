import { MAX_OPEN_ACTIONS_PER_CASE } from '../libs/cases/src';
import { addPartner, assignRegisseur, CaseBody, expectError, member, openCase, veiligThuis } from './support/cases';
import { call, Hub, startHub } from './support/hub';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('cases: at most MAX_OPEN_ACTIONS_PER_CASE open actions per case', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /** A directed case with police as partner, on the agenda of an open meeting, holding `open` open actions and 3 done. */
  async function caseWithActions(open: number) {
    const vt = await veiligThuis(hub);
    const chair = await member(hub, vt.org, ['chair']);
    const created = await openCase(hub, vt.caseworker.token);
    await assignRegisseur(hub, vt.supervisor.token, created.id, vt.caseworker.user.id);
    const police = await addPartner(hub, vt.caseworker.token, created.id, 'police', ['basic', 'safety']);
    // Written directly: a hundred requests would test the same code a hundred times.
    await hub.db.query(
      `INSERT INTO case_actions (case_id, assignee_organisation_id, description, due_at, status, created_by, updated_at)
       SELECT $1, $2, 'Afspraak ' || i, now() + interval '7 days', CASE WHEN i <= 3 THEN 'done' ELSE 'open' END, $3, now()
         FROM generate_series(1, $4::int + 3) AS i`,
      [created.id, police.id, vt.caseworker.user.id, open],
    );
    const meeting = await call<CaseBody>(hub, 'POST', '/api/v1/meetings', {
      token: chair.token,
      body: {
        kind: 'action_meeting',
        scheduledAt: '2026-11-26T10:00:00+01:00',
        organisationIds: [police.id],
        caseIds: [created.id],
      },
    });
    if (meeting.status !== 201) throw new Error(`meeting not created: ${meeting.status} ${meeting.text}`);
    const rows = async () =>
      (
        (await hub.db.query(
          `SELECT (SELECT count(*) FROM meeting_decisions WHERE case_id = $1)::int AS decisions,
                  (SELECT count(*) FROM case_actions WHERE case_id = $1)::int AS actions,
                  (SELECT count(*) FROM deadlines WHERE case_id = $1 AND kind = 'action')::int AS deadlines,
                  (SELECT count(*) FROM case_events WHERE case_id = $1)::int AS events`,
          [created.id],
        )) as Record<string, number>[]
      )[0];
    return { vt, chair, created, police, meetingId: meeting.body.id as string, rows };
  }

  it('refuses a new action past the limit with 400 at `actions`, and takes one again once an action is done', async () => {
    const c = await caseWithActions(MAX_OPEN_ACTIONS_PER_CASE - 1);
    const create = () =>
      call<CaseBody>(hub, 'POST', `/api/v1/cases/${c.created.id}/actions`, {
        token: c.vt.caseworker.token,
        body: { assigneeOrganisationId: c.police.id, description: 'Huisbezoek', dueAt: inDays(2) },
      });
    expect((await create()).status).toBe(201);
    const before = await c.rows();
    expectError(await create(), 400, 'cases.invalid', 'actions');
    expect(await c.rows()).toEqual(before);

    await hub.db.query(
      `UPDATE case_actions SET status = 'done' WHERE id = (SELECT id FROM case_actions WHERE case_id = $1 AND status = 'open' LIMIT 1)`,
      [c.created.id],
    );
    expect((await create()).status).toBe(201);
  });

  it('refuses a meeting decision whose actions would pass the limit, and writes nothing', async () => {
    const c = await caseWithActions(MAX_OPEN_ACTIONS_PER_CASE - 1);
    const decide = (count: number) =>
      call<CaseBody>(hub, 'POST', `/api/v1/meetings/${c.meetingId}/items/${c.created.id}/decisions`, {
        token: c.chair.token,
        body: {
          text: 'Afspraken gemaakt',
          actions: Array.from({ length: count }, (_, i) => ({
            assigneeOrganisationId: c.police.id,
            description: `Afspraak uit overleg ${i}`,
            dueAt: inDays(3),
          })),
        },
      });
    const before = await c.rows();
    expectError(await decide(2), 400, 'meetings.invalid', 'actions');
    expect(await c.rows()).toEqual(before);
    expect((await decide(1)).status).toBe(201);
    expect((await c.rows()).actions).toBe(before.actions + 1);
  });
});
