import type { MailAddress, UnreachableUser, UsersService } from '@vt/access';
import type { HubConfig } from '@vt/common';
import type { Transaction } from '@vt/database';
import type { DeliveryRow, MailOutboxRepository, PendingRecipients } from './mail-outbox.repository';
import { MailOutboxService } from './mail-outbox.service';
import type { MailQueue } from './mail-queue.service';
import type { MailSender } from './mail-sender.service';

const attempt = { attempt: 1, attempts: 5 };

/** The service over an outbox, a users context and a configured sender, each a stand-in. */
function outboxOf({
  pending,
  unreachable = [],
  row,
  address,
}: {
  pending?: PendingRecipients;
  unreachable?: UnreachableUser[];
  row?: Partial<DeliveryRow>;
  address?: MailAddress;
}) {
  const outbox = {
    pendingRecipients: jest.fn(async () => pending),
    skipUnreachable: jest.fn(async (users: UnreachableUser[]) => users.length),
    claim: jest.fn(async (): Promise<string[]> => []),
    transaction: async <T>(work: (transaction: Transaction) => Promise<T>) => work({} as Transaction),
    lockForDelivery: async (): Promise<DeliveryRow> => ({
      kind: 'escalation_raised',
      status: 'pending',
      recipientUserId: 'u-1',
      wanted: true,
      caseless: false,
      ...row,
    }),
    markSkipped: jest.fn(async () => undefined),
    markSent: jest.fn(async () => undefined),
  };
  const users = {
    unreachable: jest.fn(async () => unreachable),
    mailAddress: async () => address,
  };
  const sender = { configured: true, send: jest.fn(async () => undefined) };
  const service = new MailOutboxService(
    outbox as unknown as MailOutboxRepository,
    { mail: { appUrl: 'https://vt.example' } } as HubConfig,
    sender as unknown as MailSender,
    { send: async () => undefined } as unknown as MailQueue,
    users as unknown as UsersService,
  );
  return { service, outbox, users, sender };
}

describe('the mail sweep', () => {
  it("asks the access context about the pending rows' recipients and settles up to the last row it saw", async () => {
    const unreachable: UnreachableUser[] = [{ userId: 'u-2', reason: 'inactive' }];
    const { service, outbox, users } = outboxOf({ pending: { userIds: ['u-1', 'u-2'], lastSeq: '42' }, unreachable });
    expect(await service.dispatch()).toEqual({ queued: 0, skipped: 1 });
    expect(users.unreachable).toHaveBeenCalledWith(['u-1', 'u-2']);
    expect(outbox.skipUnreachable).toHaveBeenCalledWith(unreachable, '42');
    expect(outbox.claim).toHaveBeenCalled();
  });

  it('asks nobody and settles nothing when nothing is pending', async () => {
    const { service, outbox, users } = outboxOf({});
    expect(await service.dispatch()).toEqual({ queued: 0, skipped: 0 });
    expect(users.unreachable).not.toHaveBeenCalled();
    expect(outbox.skipUnreachable).not.toHaveBeenCalled();
  });
});

describe('the send job', () => {
  it.each([
    ['inactive', { email: 'a@b.nl', unreachable: 'inactive' }, false],
    ['no_address', { email: 'geen', unreachable: 'no_address' }, false],
    ['inactive', undefined, true],
    ['opted_out', { email: 'a@b.nl', unreachable: null }, false],
  ] as const)('skips as %s: the access context first, then the preference', async (reason, address, wanted) => {
    const { service, outbox, sender } = outboxOf({ address, row: { wanted } });
    expect(await service.deliver('n-1', attempt)).toBe('skipped');
    expect(outbox.markSkipped).toHaveBeenCalledWith(expect.anything(), 'n-1', reason);
    expect(sender.send).not.toHaveBeenCalled();
  });

  it('mails a reachable recipient who wants the kind', async () => {
    const { service, outbox, sender } = outboxOf({ address: { email: 'a@b.nl', unreachable: null } });
    expect(await service.deliver('n-1', attempt)).toBe('sent');
    expect(sender.send).toHaveBeenCalledWith('a@b.nl', expect.anything());
    expect(outbox.markSent).toHaveBeenCalled();
  });
});
