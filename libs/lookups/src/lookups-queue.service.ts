import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, JobDataMap, ProducerQueue } from '@vt/common';

export const LOOKUPS_QUEUE = 'lookups' as const;

/**
 * One job per step of a detail request; the id carries the step so a lost job can be added again
 * by the sweep while a waiting one is never doubled (BullMQ keeps the first of an id).
 */
export function detailJobId(detailRequestId: string, step: number): string {
  return `detail-${detailRequestId}-${step}`;
}

/** The `lookups` queue, connected on first use. */
@Injectable()
export class LookupsQueue extends ProducerQueue<typeof LOOKUPS_QUEUE> implements OnApplicationShutdown {
  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    // Fails fast when Redis is away: the request stays pending and the sweep queues it later.
    super(config, LOOKUPS_QUEUE);
  }

  /** The one way detail-request jobs are added. */
  async step(data: JobDataMap['lookup.detail-request'], step: number, delayMs: number): Promise<void> {
    await this.addJobs(
      [{ name: 'lookup.detail-request', data, jobId: detailJobId(data.detailRequestId, step), delayMs }],
      {
        attempts: 1,
        // Neither kept: a kept job would block the sweep from adding its id again.
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
