import type { Queue } from 'bullmq';
import type { HubConfig } from './hub-config';
import { schedulePeriodicJob } from './producer-queue';

const config = { audit: { verifyIntervalSeconds: 3600, checkpointIntervalSeconds: 300 }, mail: { pollMs: 5000 } };

function fakeQueue(name: string) {
  const calls: unknown[][] = [];
  const queue = {
    name,
    upsertJobScheduler: async (...args: unknown[]) => void calls.push(['upsertJobScheduler', ...args]),
    add: async (...args: unknown[]) => void calls.push(['add', ...args]),
  };
  return { queue: queue as unknown as Queue, calls };
}

describe('schedulePeriodicJob', () => {
  it('upserts the job scheduler by its id, with the interval from the settings', async () => {
    const { queue, calls } = fakeQueue('maintenance');
    await schedulePeriodicJob(queue, 'audit.verify-chains', config as HubConfig);
    await schedulePeriodicJob(queue, 'deadline.reconcile', config as HubConfig);
    expect(calls).toEqual([
      ['upsertJobScheduler', 'audit-verify-chains', { every: 3_600_000 }, { name: 'audit.verify-chains', data: {} }],
      ['upsertJobScheduler', 'deadline-reconcile', { every: 300_000 }, { name: 'deadline.reconcile', data: {} }],
    ]);
  });

  it('gives each run its options, and runs the outbox sweep once now as well', async () => {
    const { queue, calls } = fakeQueue('mail');
    await schedulePeriodicJob(queue, 'notification.dispatch-email', config as HubConfig);
    const options = { removeOnComplete: true, removeOnFail: 100 };
    expect(calls).toEqual([
      [
        'upsertJobScheduler',
        'notification-email-dispatch',
        { every: 5000 },
        { name: 'notification.dispatch-email', data: {}, opts: options },
      ],
      ['add', 'notification.dispatch-email', {}, options],
    ]);
  });

  it('refuses a queue the job does not run on', async () => {
    const { queue, calls } = fakeQueue('mail');
    await expect(schedulePeriodicJob(queue, 'lookup.detail-sweep', config as HubConfig)).rejects.toThrow(
      'job lookup.detail-sweep runs on queue lookups, not mail',
    );
    expect(calls).toEqual([]);
  });
});
