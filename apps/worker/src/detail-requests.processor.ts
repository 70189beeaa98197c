import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, HubConfig, JobDataMap, JobHandler, schedulePeriodicJob } from '@vt/common';
import { DetailRequestsService, LookupsQueue } from '@vt/lookups';

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
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly detailRequests: DetailRequestsService,
    private readonly queue: LookupsQueue,
  ) {}

  /** Redis away at start does not stop the worker: the schedule is set once it answers. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await schedulePeriodicJob(this.queue.queue, 'lookup.detail-sweep', this.config);
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
