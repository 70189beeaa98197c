import { Injectable } from '@nestjs/common';
import { Transaction } from '@vt/database';
import { DeadlineCase } from './deadline-case-facts';
import { DeadlineKind } from './deadline.entity';

/** A deadline an event is about, with its case. */
export interface AlertedDeadline {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  /** The action, escalation or order the deadline belongs to, if any. */
  subjectId: string | null;
  dueAt: Date;
  case: DeadlineCase;
}

/** Deadlines breached together: a batch of one regie organisation's, or one. */
export interface DeadlineBreached {
  manager: Transaction;
  deadlines: readonly AlertedDeadline[];
  breachedAt: Date;
}

/** The index-th reminder of a deadline's version, published once. */
export interface DeadlineReminderDue {
  manager: Transaction;
  deadline: AlertedDeadline;
  index: number;
}

export interface DeadlineEventMap {
  DeadlineBreached: DeadlineBreached;
  DeadlineReminderDue: DeadlineReminderDue;
}

export type DeadlineEventName = keyof DeadlineEventMap;
export type DeadlineEventHandler<N extends DeadlineEventName> = (event: DeadlineEventMap[N]) => Promise<void>;

/**
 * The deadline context's domain events. Subscribers run one after another inside the transaction
 * that made the change, through the event's `manager`: what they write commits with the change, and
 * a subscriber that throws rolls the change back (the job fails and is tried again).
 */
@Injectable()
export class DeadlineEvents {
  private readonly handlers: { [N in DeadlineEventName]: DeadlineEventHandler<N>[] } = {
    DeadlineBreached: [],
    DeadlineReminderDue: [],
  };

  /** Subscribes; returns the unsubscribe. */
  on<N extends DeadlineEventName>(name: N, handler: DeadlineEventHandler<N>): () => void {
    const handlers = this.handlers[name] as DeadlineEventHandler<N>[];
    handlers.push(handler);
    return () => {
      const at = handlers.indexOf(handler);
      if (at >= 0) handlers.splice(at, 1);
    };
  }

  async publish<N extends DeadlineEventName>(name: N, event: DeadlineEventMap[N]): Promise<void> {
    for (const handler of [...(this.handlers[name] as DeadlineEventHandler<N>[])]) await handler(event);
  }
}
