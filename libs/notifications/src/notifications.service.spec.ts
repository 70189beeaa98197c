import type { RecipientTarget, UsersService } from '@vt/access';
import type { Transaction } from '@vt/database';
import type { NotificationRow, NotificationsRepository } from './notifications.repository';
import { Notice, NotificationsService } from './notifications.service';

const manager = {} as Transaction;
const message = { kind: 'escalation_raised', caseId: null, subjectId: null, title: 't', body: 'b' } as const;

/** The service with the recipients each target reaches given, and the rows it inserts caught. */
function serviceReaching(reach: (target: RecipientTarget) => string[]) {
  const inserted: NotificationRow[] = [];
  const users = {
    activeRecipients: async (_manager: Transaction, targets: readonly RecipientTarget[]) => targets.map(reach),
  } as unknown as UsersService;
  const repository = {
    insertWithin: async (_manager: Transaction, rows: NotificationRow[]) => void inserted.push(...rows),
  } as unknown as NotificationsRepository;
  return { service: new NotificationsService(repository, users), inserted };
}

describe('NotificationsService.notifyWithin', () => {
  it('tells a user named and also holding a role once per notice, and each notice apart', async () => {
    const { service, inserted } = serviceReaching((target) => ('userId' in target ? [target.userId] : ['u1', 'u2']));
    const notice: Notice = { ...message, to: { users: ['u1'], roles: [{ organisationId: 'o', roles: ['admin'] }] } };
    expect(await service.notifyWithin(manager, [notice, notice])).toBe(4);
    expect(inserted.map((row) => row.recipientUserId)).toEqual(['u1', 'u2', 'u1', 'u2']);
  });

  it('never tells the user the notice excepts, whatever the case of the id', async () => {
    const id = 'a0000000-0000-0000-0000-00000000000a';
    const { service, inserted } = serviceReaching(() => [id, 'other']);
    const notice: Notice = {
      ...message,
      to: { roles: [{ organisationId: 'o', roles: ['admin'] }], except: id.toUpperCase() },
    };
    expect(await service.notifyWithin(manager, [notice])).toBe(1);
    expect(inserted.map((row) => row.recipientUserId)).toEqual(['other']);
  });

  it('asks and inserts nothing without a recipient', async () => {
    const { service, inserted } = serviceReaching(() => {
      throw new Error('not asked');
    });
    expect(await service.notifyWithin(manager, [{ ...message, to: { users: [null] } }])).toBe(0);
    expect(inserted).toEqual([]);
  });

  it('gives a recipient of more than `above` notices one summary instead, and the others each notice', async () => {
    // u1 is reached by all four notices, u2 (the role) only by the first two.
    const { service, inserted } = serviceReaching((target) => ('userId' in target ? [target.userId] : ['u2']));
    const roles = [{ organisationId: 'o', roles: ['supervisor'] }];
    const notices: Notice[] = [1, 2, 3, 4].map((n) => ({
      ...message,
      subjectId: `s${n}`,
      to: { users: ['u1'], roles: n <= 2 ? roles : [] },
    }));
    const summary = { above: 3, summary: (count: number) => ({ ...message, title: `${count} samen` }) };
    expect(await service.notifyWithin(manager, notices, summary)).toBe(3);
    expect(inserted.map((row) => [row.recipientUserId, row.subjectId ?? row.title])).toEqual([
      ['u2', 's1'],
      ['u2', 's2'],
      ['u1', '4 samen'],
    ]);
  });

  it('keeps each notice up to `above` of them', async () => {
    const { service, inserted } = serviceReaching((target) => ('userId' in target ? [target.userId] : []));
    const notices: Notice[] = [1, 2, 3].map((n) => ({ ...message, subjectId: `s${n}`, to: { users: ['u1'] } }));
    const summary = { above: 3, summary: () => ({ ...message, title: 'samen' }) };
    expect(await service.notifyWithin(manager, notices, summary)).toBe(3);
    expect(inserted.map((row) => row.subjectId)).toEqual(['s1', 's2', 's3']);
  });

  it('asks for alike targets once and gives each notice its recipients', async () => {
    const asked: RecipientTarget[] = [];
    const { service, inserted } = serviceReaching((target) => {
      asked.push(target);
      return 'userId' in target ? [target.userId] : ['s1', 's2'];
    });
    const roles = [{ organisationId: 'o', roles: ['supervisor'] }];
    const notices: Notice[] = [1, 2, 3].map((n) => ({ ...message, subjectId: `d${n}`, to: { users: ['r'], roles } }));
    expect(await service.notifyWithin(manager, notices)).toBe(9);
    expect(asked).toEqual([{ userId: 'r' }, { organisationId: 'o', roles: ['supervisor'] }]);
    expect(inserted.filter((row) => row.subjectId === 'd3').map((row) => row.recipientUserId)).toEqual([
      'r',
      's1',
      's2',
    ]);
  });
});
