import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobDataMap, JobHandler } from '@vt/common';
import { DetailRequestsService, LookupsQueue } from '@vt/lookups';

const SWEEP_EVERY_MS = 60 * 1000;
const RETRY_SCHEDULE_MS = 30 * 1000;

/** One step of a detail request: send it, or ask the source whether it has decided. */
@Injectable()
export class DetailRequestStepProcessor implements JobHandler<'lookup.detail-request'> {
  readonly name = 'lookup.detail-request' as const;

  constructor(private readonly detailRequests: DetailRequestsService) {}

  async handle(data: JobDataMap['lookup.detail-request']): Promise<void> {
    await this.detailRequests.step(data.detailRequestId);
  }
}

/** Deletes detail answers past their time and requeues lost steps; scheduled every minute, and at start. */
@Injectable()
export class DetailRequestSweepProcessor
  implements JobHandler<'lookup.detail-sweep'>, OnApplicationBootstrap, OnApplicationShutdown
{
  readonly name = 'lookup.detail-sweep' as const;
  private readonly logger = new Logger(DetailRequestSweepProcessor.name);
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly detailRequests: DetailRequestsService,
    private readonly queue: LookupsQueue,
  ) {}

  /** Redis away at start does not stop the worker: the schedule is set once it answers. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.queue.upsertJobScheduler(
        'lookup-detail-sweep',
        { every: SWEEP_EVERY_MS },
        { name: 'lookup.detail-sweep', data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
      );
    } catch (error) {
      this.logger.warn({ msg: 'detail sweep not scheduled yet', error: String(error) });
      this.retry = setTimeout(() => void this.onApplicationBootstrap(), RETRY_SCHEDULE_MS);
      this.retry.unref();
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  async handle(): Promise<void> {
    const { purged, requeued } = await this.detailRequests.sweep();
    if (purged > 0 || requeued > 0) this.logger.log({ msg: 'detail requests swept', purged, requeued });
  }
}
