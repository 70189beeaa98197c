import { CaseReach } from '@vt/access';
import type { Transaction } from '@vt/database';
import type { Case } from './case.entity';
import type { CaseStore } from './case-store';
import type { MeetingCaseFactsRepository } from './meeting-case-facts.repository';
import { MeetingCaseFactsService } from './meeting-case-facts.service';
import type { CaseAction } from './safety-plan.entity';

const chair = CaseReach.of({
  userId: 'chair-1',
  organisationId: 'org-a',
  organisationKind: 'veilig_thuis',
  roles: ['chair'],
  tokenId: 't',
});

const row = {
  id: 'case-1',
  reference: 'VT-1',
  phase: 'intake',
  organisationId: 'org-a',
  regieOrganisationId: 'org-a',
  regisseurUserId: null,
  riskLevel: 'high',
  redFlags: ['weapon'],
  // Rows beyond what a meeting shows, which must stay in the cases context.
  description: 'not for meetings',
  createdBy: 'user-1',
} as unknown as Case;

const action = {
  id: 'action-1',
  caseId: 'case-1',
  assigneeOrganisationId: 'org-b',
  description: 'Bel de school',
  dueAt: new Date('2026-01-01T09:00:00Z'),
  status: 'open',
  note: 'internal',
  createdBy: 'user-1',
} as unknown as CaseAction;

describe('MeetingCaseFactsService', () => {
  it('answers plain facts of the cases in reach, with the sight the store computed', async () => {
    const sight = { categories: new Set(['basic']), receiving: true, medicalOf: null };
    const asked: unknown[][] = [];
    const store = {
      casesInReach: async (...args: unknown[]) => {
        asked.push(args);
        return new Map([['case-1', { case: row, sight }]]);
      },
    } as unknown as CaseStore;
    const facts = new MeetingCaseFactsService(store, {} as MeetingCaseFactsRepository);
    const manager = {} as Transaction;

    const found = await facts.inSight(chair, ['case-1', 'case-2'], manager);

    expect(asked).toEqual([[chair, ['case-1', 'case-2'], manager]]);
    expect(found.get('case-1')).toEqual({
      case: {
        id: 'case-1',
        reference: 'VT-1',
        phase: 'intake',
        organisationId: 'org-a',
        regieOrganisationId: 'org-a',
        regisseurUserId: null,
        riskLevel: 'high',
        redFlags: ['weapon'],
      },
      sight,
    });
  });

  it("reads the minutes' cases and actions in the transaction it is given, one after the other", async () => {
    const manager = {} as Transaction;
    const reads: string[] = [];
    let running = 0;
    const read =
      <T>(name: string, rows: T[]) =>
      async (_reach: CaseReach, _ids: string[], transaction?: Transaction) => {
        expect(running).toBe(0);
        running += 1;
        reads.push(`${name} in ${transaction === manager ? 'the transaction' : 'another connection'}`);
        await Promise.resolve();
        running -= 1;
        return rows;
      };
    const repository = {
      minutesCases: read('cases', [row]),
      actions: read('actions', [action]),
    } as unknown as MeetingCaseFactsRepository;
    const facts = new MeetingCaseFactsService({} as CaseStore, repository);

    const minutes = await facts.minutes(CaseReach.system('meeting minutes'), ['case-1'], ['action-1'], manager);

    expect(reads).toEqual(['cases in the transaction', 'actions in the transaction']);
    expect(minutes).toEqual({
      cases: [{ id: 'case-1', reference: 'VT-1', phase: 'intake' }],
      actions: [
        {
          id: 'action-1',
          caseId: 'case-1',
          assigneeOrganisationId: 'org-b',
          description: 'Bel de school',
          dueAt: new Date('2026-01-01T09:00:00Z'),
          status: 'open',
        },
      ],
    });
  });
});
