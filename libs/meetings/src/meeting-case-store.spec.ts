import type { AuditService } from '@vt/audit';
import { CasesException } from '@vt/cases';
import { systemClock } from '@vt/common';
import type { DeadlinesService } from '@vt/deadlines';
import { defineAbilityFor } from '@vt/access';
import type { DataSource, EntityManager } from 'typeorm';
import { MeetingCaseStore } from './meeting-case-store';

/** A data source whose transactions are counted; each gets a manager of its own. */
function fakes() {
  const opened: EntityManager[] = [];
  const committed: EntityManager[] = [];
  const dataSource = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>) => {
      const manager = { id: opened.length } as unknown as EntityManager;
      opened.push(manager);
      return work(manager);
    },
  } as unknown as DataSource;
  const deadlines = {
    afterCommit: async (manager: EntityManager) => {
      committed.push(manager);
    },
  } as unknown as DeadlinesService;
  const store = new MeetingCaseStore(dataSource, {} as AuditService, systemClock, deadlines);
  return { store, opened, committed };
}

const chair = defineAbilityFor({
  userId: 'chair-1',
  organisationId: 'org-a',
  organisationKind: 'veilig_thuis',
  roles: ['chair'],
  tokenId: 't',
});
const theCase = { id: 'case-1', regisseurUserId: 'someone-else', regieOrganisationId: 'org-a' };

describe('MeetingCaseStore', () => {
  it('lets the case-work steps of a decision join its one transaction, with timers synced once after it', async () => {
    const { store, opened, committed } = fakes();
    const managers = await store.meetingTransaction(new Map(), async (outer) => {
      const first = await store.transaction(async (inner) => inner);
      const second = await store.transaction(async (inner) => inner);
      return [outer, first, second];
    });
    expect(opened).toHaveLength(1);
    expect(new Set(managers).size).toBe(1);
    expect(committed).toEqual([opened[0]]);
  });

  it('opens a transaction of its own outside a meeting, as the case store does', async () => {
    const { store, opened, committed } = fakes();
    await store.transaction(async () => undefined);
    await store.transaction(async () => undefined);
    expect(opened).toHaveLength(2);
    expect(committed).toEqual(opened);
  });

  it('lends the chair only the granted permissions, on the granted case, inside the meeting', async () => {
    const { store } = fakes();
    expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
    const grants = new Map([['case-1', new Set(['direct', 'assign_regie'] as const)]]);
    await store.meetingTransaction(grants, async () => {
      expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).not.toThrow();
      expect(() => store.assertCan(chair, 'assign_regie', 'Case', theCase)).not.toThrow();
      expect(() => store.assertCan(chair, 'manage_partners', 'Case', theCase)).toThrow(CasesException);
      expect(() => store.assertCan(chair, 'direct', 'Case', { ...theCase, id: 'case-2' })).toThrow(CasesException);
      expect(() => store.assertCan(chair, 'update', 'CaseAction', { id: 'case-1' })).toThrow(CasesException);
    });
    expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
  });

  it('lends the grants to reads without opening a transaction, and writes inside still get their own', async () => {
    const { store, opened } = fakes();
    const grants = new Map([['case-1', new Set(['assign_regie'] as const)]]);
    await store.withGrants(grants, async () => {
      expect(() => store.assertCan(chair, 'assign_regie', 'Case', theCase)).not.toThrow();
      expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
      expect(opened).toHaveLength(0);
      await store.transaction(async () => undefined);
      expect(opened).toHaveLength(1);
    });
    expect(() => store.assertCan(chair, 'assign_regie', 'Case', theCase)).toThrow(CasesException);
  });

  it('keeps concurrent meetings apart', async () => {
    const { store } = fakes();
    const grants = new Map([['case-1', new Set(['direct'] as const)]]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inside = store.meetingTransaction(grants, async () => {
      await held;
      expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).not.toThrow();
    });
    await store.meetingTransaction(new Map(), async () => {
      expect(() => store.assertCan(chair, 'direct', 'Case', theCase)).toThrow(CasesException);
    });
    release();
    await inside;
  });
});
