import { Transaction } from '@vt/database';
import { DeadlineBreached, DeadlineEvents } from './deadline-events';

describe('DeadlineEvents', () => {
  const event: DeadlineBreached = { manager: {} as Transaction, deadlines: [], breachedAt: new Date() };

  it('calls the subscribers of an event in order, and only those', async () => {
    const events = new DeadlineEvents();
    const calls: string[] = [];
    events.on('DeadlineBreached', async () => void calls.push('first'));
    events.on('DeadlineBreached', async () => void calls.push('second'));
    events.on('DeadlineReminderDue', async () => void calls.push('reminder'));
    await events.publish('DeadlineBreached', event);
    expect(calls).toEqual(['first', 'second']);
  });

  it('fails the publish when a subscriber fails, so that the transaction rolls back', async () => {
    const events = new DeadlineEvents();
    const after = jest.fn();
    events.on('DeadlineBreached', () => Promise.reject(new Error('subscriber failed')));
    events.on('DeadlineBreached', after);
    await expect(events.publish('DeadlineBreached', event)).rejects.toThrow('subscriber failed');
    expect(after).not.toHaveBeenCalled();
  });

  it('stops calling a subscriber once it unsubscribes', async () => {
    const events = new DeadlineEvents();
    const handler = jest.fn(async () => undefined);
    const off = events.on('DeadlineBreached', handler);
    off();
    off();
    await events.publish('DeadlineBreached', event);
    expect(handler).not.toHaveBeenCalled();
  });
});
