import { CaseReach } from '@vt/access';
import type { AuditService } from '@vt/audit';
import { systemClock } from '@vt/common';
import type { Transaction } from '@vt/database';
import type { DeadlinesService } from '@vt/deadlines';
import type { Case } from './case.entity';
import type { CaseRepository } from './case.repository';
import { Actor, CaseStore, WriteSpec } from './case-store';
import { CasesException } from './cases.exception';

const theCase = { id: 'case-1', regisseurUserId: 'someone-else', regieOrganisationId: 'org-a', phase: 'intake' };

/** A store whose transactions are counted; each gets a manager of its own. */
function fakes() {
  const opened: Transaction[] = [];
  const committed: Transaction[] = [];
  const cases = {
    transaction: async <T>(work: (manager: Transaction) => Promise<T>) => {
      const manager = { id: opened.length } as unknown as Transaction;
      opened.push(manager);
      return work(manager);
    },
    lockForWrite: async () => ({ case: theCase as unknown as Case, membership: { categories: ['basic'] } }),
  } as unknown as CaseRepository;
  const deadlines = {
    afterCommit: async (manager: Transaction) => {
      committed.push(manager);
    },
  } as unknown as DeadlinesService;
  const audit = { recordWithin: async () => undefined } as unknown as AuditService;
  const store = new CaseStore(cases, audit, systemClock, deadlines);
  return { store, opened, committed };
}

const chair = CaseReach.of({
  userId: 'chair-1',
  organisationId: 'org-a',
  organisationKind: 'veilig_thuis',
  roles: ['chair'],
  tokenId: 't',
});
const actor: Actor = { principal: chair.principal, reach: chair, requestId: 'r', clientAddress: 'x' };
const reading: WriteSpec = { permission: 'read', audit: { action: 'create', subjectType: 'Test' } };

describe('CaseStore', () => {
  it('lets writes join the transaction the actor carries, with timers synced once after it', async () => {
    const { store, opened, committed } = fakes();
    const managers = await store.transaction(async (outer) => {
      const joining: Actor = { ...actor, transaction: outer };
      const first = await store.write(joining, 'case-1', reading, async (tx) => ({ result: tx.manager }));
      const second = await store.write(joining, 'case-1', reading, async (tx) => ({ result: tx.manager }));
      return [outer, first, second];
    });
    expect(opened).toHaveLength(1);
    expect(new Set(managers).size).toBe(1);
    expect(committed).toEqual([opened[0]]);
  });

  it('opens a transaction per write for an actor without one', async () => {
    const { store, opened, committed } = fakes();
    await store.write(actor, 'case-1', reading, async () => ({ result: undefined }));
    await store.write(actor, 'case-1', reading, async () => ({ result: undefined }));
    expect(opened).toHaveLength(2);
    expect(committed).toEqual(opened);
  });

  it('allows what is lent to the reach, on the lent case only, and nothing else', () => {
    const { store } = fakes();
    expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
    const lent = chair.lending(new Map([['case-1', new Set(['direct', 'assign_regie'] as const)]]));
    expect(() => store.assertCan(lent, 'direct', 'Case', theCase)).not.toThrow();
    expect(() => store.assertCan(lent, 'assign_regie', 'Case', theCase)).not.toThrow();
    expect(() => store.assertCan(lent, 'manage_partners', 'Case', theCase)).toThrow(CasesException);
    expect(() => store.assertCan(lent, 'direct', 'Case', { ...theCase, id: 'case-2' })).toThrow(CasesException);
    expect(() => store.assertCan(lent, 'update', 'CaseAction', { id: 'case-1' })).toThrow(CasesException);
    // Lending makes a new reach: the caller's own stays as it was.
    expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
  });

  it("refuses a lent write's operation under its rules, and the write with it", async () => {
    const { store, opened } = fakes();
    const directing: WriteSpec = { permission: 'direct', audit: { action: 'update', subjectType: 'Case' } };
    await expect(store.write(actor, 'case-1', directing, async () => ({ result: 1 }))).rejects.toThrow(CasesException);
    const lent: Actor = { ...actor, reach: chair.lending(new Map([['case-1', new Set(['direct'] as const)]])) };
    await expect(store.write(lent, 'case-1', directing, async () => ({ result: 1 }))).resolves.toBe(1);
    expect(opened).toHaveLength(2);
  });
});
