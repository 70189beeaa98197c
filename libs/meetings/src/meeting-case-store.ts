import { Injectable } from '@nestjs/common';
import type { Action, AppAbility, SubjectType } from '@vt/access';
import { CaseStore } from '@vt/cases';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** Case permissions a meeting lends its chair for one case: what the partners decided together. */
export type MeetingGrants = ReadonlyMap<string, ReadonlySet<Action>>;

interface MeetingWork {
  /** The meeting's transaction, which case-work writes join; absent for reads under a grant. */
  manager?: EntityManager;
  grants: MeetingGrants;
}

/**
 * The case store as the meetings context uses it: the case-work services (safety plan, regie,
 * partners) run unchanged, but inside `meetingTransaction` they join its one transaction instead
 * of each opening their own, so a decision and everything it sets in motion commit together and
 * their deadline timers follow once. The context is per async call chain, so concurrent requests
 * never share it.
 */
@Injectable()
export class MeetingCaseStore extends CaseStore {
  private readonly work = new AsyncLocalStorage<MeetingWork>();

  async meetingTransaction<T>(grants: MeetingGrants, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return super.transaction((manager) => this.work.run({ manager, grants }, () => work(manager)));
  }

  /**
   * Case-work reads under the meeting's grants, without a transaction: a read holding one
   * connection while the case service takes another could starve the pool.
   */
  async withGrants<T>(grants: MeetingGrants, work: () => Promise<T>): Promise<T> {
    return this.work.run({ grants }, work);
  }

  override async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.work.getStore()?.manager;
    // Joined: the outer transaction commits, then replaces the timers of every deadline touched.
    if (current) return work(current);
    return super.transaction(work);
  }

  override assertCan(ability: AppAbility, action: Action, type: SubjectType, row: object): void {
    const caseId = type === 'Case' ? (row as { id?: string }).id : undefined;
    if (caseId && this.work.getStore()?.grants.get(caseId)?.has(action)) return;
    super.assertCan(ability, action, type, row);
  }
}
