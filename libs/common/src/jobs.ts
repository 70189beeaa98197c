/**
 * The typed registry of queues, job names and their data. Job data carries ids only; the worker
 * refuses to start when a job name here has no handler.
 */
export const QUEUES = ['maintenance', 'deadlines', 'mail', 'lookups'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface JobDataMap {
  /** Walks every audit chain with its checkpoints and reports every broken range (periodic tamper check). */
  'audit.verify-chains': Record<string, never>;
  /** Signs the head of every audit chain that grew and hands it to the witness. */
  'audit.checkpoint-chains': Record<string, never>;
  /** The n-th reminder of a deadline, for the version it was scheduled for. */
  'deadline.reminder': { deadlineId: string; version: number; index: number };
  /** A deadline falling due: breached unless met, cancelled or moved (another version) by then. */
  'deadline.breach': { deadlineId: string; version: number };
  /** Checks every open deadline against the queue and repairs what is missing or overdue. */
  'deadline.reconcile': Record<string, never>;
  /** Finds notifications still to be mailed and queues one send job each (the outbox sweep). */
  'notification.dispatch-email': Record<string, never>;
  /** Mails one notification, unless already sent, given up on or no longer for anyone. */
  'notification.send-email': { notificationId: string };
  /** Sends a detail request to its source, or polls the source for its decision (one step). */
  'lookup.detail-request': { detailRequestId: string };
  /** Deletes detail answers that were read or expired, and requeues requests whose poll was lost. */
  'lookup.detail-sweep': Record<string, never>;
}
export type JobName = keyof JobDataMap;

export const JOB_QUEUE = {
  'audit.verify-chains': 'maintenance',
  'audit.checkpoint-chains': 'maintenance',
  'deadline.reminder': 'deadlines',
  'deadline.breach': 'deadlines',
  'deadline.reconcile': 'maintenance',
  'notification.dispatch-email': 'mail',
  'notification.send-email': 'mail',
  'lookup.detail-request': 'lookups',
  'lookup.detail-sweep': 'lookups',
} as const satisfies Record<JobName, QueueName>;

/** The job names that run on queue `Q`: a producer of that queue can add no other. */
export type JobNameOf<Q extends QueueName> = { [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never }[JobName];

export const JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** Which attempt this run is, for handlers that record their own final failure. */
export interface JobAttempt {
  /** 1 on the first run. */
  attempt: number;
  /** The most the queue will make; `attempt === attempts` is the last chance. */
  attempts: number;
}

export interface JobHandler<N extends JobName = JobName> {
  readonly name: N;
  handle(data: JobDataMap[N], attempt: JobAttempt): Promise<void>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Every registered name must have exactly one handler, and every handler a registered name. */
export function assertHandlersComplete(handlers: readonly JobHandler[]): void {
  const names = handlers.map((handler) => handler.name);
  const missing = JOB_NAMES.filter((name) => !names.includes(name));
  const duplicated = names.filter((name, index) => names.indexOf(name) !== index);
  const unknown = names.filter((name) => !JOB_NAMES.includes(name));
  const problems = [
    ...missing.map((name) => `job ${name} has no handler`),
    ...duplicated.map((name) => `job ${name} has more than one handler`),
    ...unknown.map((name) => `handler for unregistered job ${name}`),
  ];
  if (problems.length > 0) throw new Error(`worker job registry incomplete: ${problems.join('; ')}`);
}
