import { defineAbilityFor, subject } from './ability.factory';

const principal = (roles: string[], organisationId = 'org-a') => ({
  userId: 'user-1',
  organisationId,
  organisationKind: 'veilig_thuis',
  roles,
  tokenId: 't',
});

describe('meeting rules', () => {
  const meeting = (organisationId: string) => subject('Meeting', { id: 'm-1', organisationId });
  const participant = (organisationId: string) => subject('MeetingParticipant', { meetingId: 'm-1', organisationId });

  it('lets chairs create meetings and run those of their own organisation only', () => {
    const chair = defineAbilityFor(principal(['chair']));
    expect(chair.can('create', 'Meeting')).toBe(true);
    expect(chair.can('update', meeting('org-a'))).toBe(true);
    expect(chair.can('update', meeting('org-b'))).toBe(false);
  });

  it('lets every case role read the meetings its organisation takes part in, and no one else', () => {
    for (const role of ['caseworker', 'supervisor', 'medical', 'chair']) {
      const ability = defineAbilityFor(principal([role]));
      expect(ability.can('read', participant('org-a'))).toBe(true);
      expect(ability.can('read', participant('org-b'))).toBe(false);
    }
    for (const role of ['admin', 'privacy_officer', 'platform_admin']) {
      const ability = defineAbilityFor(principal([role]));
      expect(ability.can('read', 'MeetingParticipant')).toBe(false);
      expect(ability.can('create', 'Meeting')).toBe(false);
    }
  });

  it('gives other case roles no chair rights', () => {
    for (const role of ['caseworker', 'supervisor', 'medical']) {
      const ability = defineAbilityFor(principal([role]));
      expect(ability.can('create', 'Meeting')).toBe(false);
      expect(ability.can('update', meeting('org-a'))).toBe(false);
    }
  });

  it('leaves a chair without case direction outside a meeting', () => {
    const chair = defineAbilityFor(principal(['chair']));
    expect(chair.can('direct', subject('Case', { regisseurUserId: 'someone-else' }))).toBe(false);
    expect(chair.can('assign_regie', subject('Case', { regieOrganisationId: 'org-a', regisseurUserId: null }))).toBe(
      false,
    );
  });
});

describe('statutory Veilig Thuis steps', () => {
  // Regie has moved to a shelter; the case was received by org-a.
  const handedOver = () =>
    subject('Case', { organisationId: 'org-a', regieOrganisationId: 'shelter-1', regisseurUserId: 'user-9' });
  const shelterPrincipal = (roles: string[]) => ({
    ...principal(roles, 'shelter-1'),
    userId: 'user-9',
    organisationKind: 'shelter',
  });

  it('leaves the assessment and the investigation to caseworkers of the receiving organisation', () => {
    const caseworker = defineAbilityFor(principal(['caseworker']));
    expect(caseworker.can('assess', handedOver())).toBe(true);
    expect(caseworker.can('investigate', handedOver())).toBe(true);
    expect(caseworker.can('extend_investigation', handedOver())).toBe(false);
    const supervisor = defineAbilityFor(principal(['supervisor']));
    expect(supervisor.can('extend_investigation', handedOver())).toBe(true);
    expect(supervisor.can('assess', handedOver())).toBe(false);
    expect(supervisor.can('investigate', handedOver())).toBe(false);
  });

  it('gives the regie organisation and other Veilig Thuis organisations none of them', () => {
    for (const ability of [
      defineAbilityFor(shelterPrincipal(['caseworker', 'supervisor'])),
      defineAbilityFor(principal(['caseworker', 'supervisor'], 'org-b')),
    ]) {
      for (const action of ['assess', 'investigate', 'extend_investigation'] as const) {
        expect(ability.can(action, handedOver())).toBe(false);
      }
    }
  });
});
