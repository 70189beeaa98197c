import { expectError, member, requestIdOf } from './support/cases';
import { call, createOrganisation, createUser, Hub, startHub } from './support/hub';

const KINDS = [
  'escalation_raised',
  'deadline_breached',
  'deadline_reminder',
  'approval_requested',
  'approval_approved',
  'approval_rejected',
  'child_protection_referral',
  'reassessment_due',
  'regie_assigned',
  'action_assigned',
  'action_updated',
  'meeting_decision',
  'order_breached',
  'partner_added',
  'partner_removed',
  'escalation_resolved',
  'audit_chain_broken',
];

describe('notifications: unread count and e-mail preferences', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  const notify = (userId: string, kind = 'deadline_reminder') =>
    hub.db.query(
      `INSERT INTO notifications (recipient_user_id, kind, title, body) VALUES ($1, $2, 'Titel', 'Tekst') RETURNING id`,
      [userId, kind],
    ) as Promise<{ id: string }[]>;

  it("counts the caller's own unread notifications only", async () => {
    const org = await createOrganisation(hub.db, 'police');
    const me = await member(hub, org, ['caseworker']);
    const colleague = await createUser(hub.db, org.id, ['caseworker']);
    const count = async () => {
      const res = await call<{ count: number }>(hub, 'GET', '/api/v1/notifications/unread-count', { token: me.token });
      expect(res.status).toBe(200);
      return res.body;
    };
    expect(await count()).toEqual({ count: 0 });
    const [first] = await notify(me.user.id);
    await notify(me.user.id);
    await notify(colleague.id);
    expect(await count()).toEqual({ count: 2 });
    await call(hub, 'POST', `/api/v1/notifications/${first.id}/read`, { token: me.token });
    const res = await call(hub, 'GET', '/api/v1/notifications/unread-count', { token: me.token });
    expect(res.body).toEqual({ count: 1 });
    const [entry] = (await hub.db.query(
      `SELECT action, subject_type, outcome FROM audit_entries WHERE request_id = $1`,
      [requestIdOf(res)],
    )) as unknown[];
    expect(entry).toEqual({ action: 'read', subject_type: 'NotificationCount', outcome: 'success' });
  });

  it('mails every kind until a user chooses, and keeps what a change leaves out', async () => {
    const org = await createOrganisation(hub.db, 'municipality');
    const admin = await member(hub, org, ['admin']);
    const path = '/api/v1/me/notification-preferences';
    const initial = await call(hub, 'GET', path, { token: admin.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ email: true, emailKinds: KINDS, kinds: KINDS });

    const chosen = await call(hub, 'PUT', path, {
      token: admin.token,
      body: { emailKinds: ['deadline_breached', 'escalation_raised'] },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toEqual({ email: true, emailKinds: ['escalation_raised', 'deadline_breached'], kinds: KINDS });
    const off = await call(hub, 'PUT', path, { token: admin.token, body: { email: false } });
    expect(off.body).toMatchObject({ email: false, emailKinds: ['escalation_raised', 'deadline_breached'] });
    expect((await call(hub, 'GET', path, { token: admin.token })).body).toEqual(off.body);
    const [row] = (await hub.db.query(
      `SELECT email, email_muted_kinds FROM notification_preferences WHERE user_id = $1`,
      [admin.user.id],
    )) as unknown[];
    expect(row).toEqual({
      email: false,
      email_muted_kinds: KINDS.filter((kind) => kind !== 'deadline_breached' && kind !== 'escalation_raised'),
    });
    // Another user's preferences are their own.
    const other = await member(hub, org, ['caseworker']);
    expect((await call(hub, 'GET', path, { token: other.token })).body).toEqual(initial.body);
  });

  it('refuses unknown kinds, unknown fields and values of the wrong type, and changes nothing', async () => {
    const org = await createOrganisation(hub.db, 'police');
    const user = await member(hub, org, ['supervisor']);
    const path = '/api/v1/me/notification-preferences';
    for (const [body, field] of [
      [{ emailKinds: ['onbekend'] }, 'emailKinds'],
      [{ emailKinds: 'deadline_breached' }, 'emailKinds'],
      [{ emailKinds: ['deadline_breached', 'deadline_breached'] }, 'emailKinds'],
      [{ email: 'nee' }, 'email'],
      [{ sms: true }, 'sms'],
    ] as const) {
      expectError(await call(hub, 'PUT', path, { token: user.token, body }), 400, 'common.validation', field);
    }
    const rows = (await hub.db.query(`SELECT 1 FROM notification_preferences WHERE user_id = $1`, [
      user.user.id,
    ])) as unknown[];
    expect(rows).toHaveLength(0);
  });
});
