export const ORGANISATION_KINDS = [
  'veilig_thuis',
  'police',
  'prosecution',
  'probation',
  'child_protection_board',
  'certified_institution',
  'safety_house',
  'shelter',
  'municipality',
  // The operator of the platform itself; never a partner in a case.
  'platform',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = [
  'caseworker',
  'supervisor',
  'medical',
  'chair',
  'admin',
  'privacy_officer',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles an organisation admin may hand out; platform_admin is granted only by the platform. */
export const ORGANISATION_ROLES = ROLES.filter((role) => role !== 'platform_admin');
