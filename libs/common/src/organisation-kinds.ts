/** The kinds of organisation that take part in cases (DESIGN.md), as hub and source holders name them. */
export const PARTNER_ORGANISATION_KINDS = [
  'veilig_thuis',
  'police',
  'prosecution',
  'probation',
  'child_protection_board',
  'certified_institution',
  'safety_house',
  'shelter',
  'municipality',
] as const;
export type PartnerOrganisationKind = (typeof PARTNER_ORGANISATION_KINDS)[number];
