import { ORGANISATION_KINDS as PARTNER_ORGANISATION_KINDS } from '@vt/lookups-protocol';

export const ORGANISATION_KINDS = [
  ...PARTNER_ORGANISATION_KINDS,
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
