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
