import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { HUB_CONFIG, HubConfig, METRICS_REGISTRY, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { Gauge, Registry } from 'prom-client';
import { reconcilerStatsKey } from './deadline-reconciler.service';
import { DeadlineScheduler } from './deadline-scheduler.service';
import { DeadlinesRepository } from './deadlines.repository';

const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/**
 * Queue health on /metrics, read when scraped: jobs per state, how long the oldest overdue open
 * deadline has gone unprocessed (0 when none: anything above a few seconds means timers are not
 * firing), and what the worker's reconciler last repaired.
 */
@Injectable()
export class DeadlineMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly deadlines: DeadlinesRepository,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  onModuleInit(): void {
    const { scheduler, deadlines, redis, registry } = this;
    const reach = CaseReach.system('deadline-metrics');
    const statsKey = reconcilerStatsKey(this.config.redisPrefix);
    new Gauge({
      name: 'vt_deadline_jobs',
      help: 'Deadline timer jobs in the queue, by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await scheduler.deadlineQueue.getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'vt_deadline_oldest_overdue_open_seconds',
      help: 'Age of the oldest open deadline past its due time (not yet processed as breached)',
      registers: [registry],
      async collect() {
        this.set(await deadlines.oldestOverdueOpenAge(reach));
      },
    });
    new Gauge({
      name: 'vt_deadline_reconciler_repaired',
      help: 'Deadlines whose timers the reconciler repaired: in its last run, and in total',
      labelNames: ['scope'],
      registers: [registry],
      async collect() {
        const stats = await redis.hgetall(statsKey);
        this.set({ scope: 'last_run' }, Number(stats.lastRepaired ?? 0));
        this.set({ scope: 'total' }, Number(stats.repairedTotal ?? 0));
      },
    });
  }
}
