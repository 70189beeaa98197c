import { namedIds, timelineChanges, TimelineNames } from './timeline-changes';

const names: TimelineNames = {
  user: (id) => ({ u1: 'Anna de Vries', u2: 'Carla Smit' })[id as string] ?? null,
  organisation: (id) => ({ o1: 'Veilig Thuis Midden', o2: 'Blijf Groep' })[id as string] ?? null,
};

describe('timelineChanges', () => {
  it('names the old and new regisseur and organisation by name', () => {
    const data = { fromUserId: 'u1', fromOrganisationId: 'o1', toUserId: 'u2', toOrganisationId: 'o2' };
    expect(timelineChanges('regisseur_changed', data, names)).toEqual([
      { field: 'regisseur', from: 'Anna de Vries', to: 'Carla Smit' },
      { field: 'regieOrganisation', from: 'Veilig Thuis Midden', to: 'Blijf Groep' },
    ]);
    expect(namedIds(data)).toEqual({ users: ['u1', 'u2'], organisations: ['o1', 'o2'] });
  });

  it('leaves out what stayed the same, and events that change nothing', () => {
    const data = { fromUserId: null, fromOrganisationId: 'o1', toUserId: 'u1', toOrganisationId: 'o1' };
    expect(timelineChanges('regisseur_changed', data, names)).toEqual([
      { field: 'regisseur', from: null, to: 'Anna de Vries' },
    ]);
    expect(timelineChanges('report_received', { reportId: 'r' }, names)).toEqual([]);
  });

  it('reads each kind of change from its own data', () => {
    expect(timelineChanges('phase_changed', { from: 'triage', to: 'investigation' }, names)).toEqual([
      { field: 'phase', from: 'triage', to: 'investigation' },
    ]);
    expect(timelineChanges('investigation_extended', { previousDueAt: 'a', dueAt: 'b', weeks: 2 }, names)).toEqual([
      { field: 'investigationDueAt', from: 'a', to: 'b' },
    ]);
    expect(timelineChanges('risk_assessment_recorded', { previousLevel: 'elevated', level: 'high' }, names)).toEqual([
      { field: 'riskLevel', from: 'elevated', to: 'high' },
    ]);
  });
});
