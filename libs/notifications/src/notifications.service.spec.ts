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
});
