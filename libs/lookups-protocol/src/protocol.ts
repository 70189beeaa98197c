/**
 * The source-holder protocol as types and vocabularies, for both sides: the hub sends
 * these bodies, the source holder validates and answers them. Field names are Dutch, after the
 * Samen onder Handbereik drafts and Haal Centraal. Custody is the national BRP API Gezag.
 */

import { GEZAG_PATH, GEZAG_TYPES, GezagType, MAX_GEZAG_BSNS } from './brp-gezag';

export const PROTOCOL_PATHS = {
  knownBy: '/bekendheid/v1/bevragingen',
  custody: GEZAG_PATH,
  detailRequests: '/verrijking/v1/verzoeken',
} as const;

/** Every request carries both; the transaction id is a UUID v7, the trace context W3C's. */
export const TRANSACTION_ID_HEADER = 'x-transaction-id';
export const TRACEPARENT_HEADER = 'traceparent';
export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Codes, not free text, for purpose and case reference: they are written to both sides' logs, and
 * a code cannot carry a name or a BSN by accident.
 */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9_.:-]{0,99}$/;
export const CASE_REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;

/** Why a professional asks (redenVerzoek); the source's policy decides on these. */
export const REASON_CODES = [
  'veiligheidsbeoordeling',
  'onderzoek',
  'veiligheidsplan',
  'acute_onveiligheid',
  'casusoverleg',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Legal basis (grondslag) of a detail request. */
export const LEGAL_BASES = ['wettelijke_taak', 'toestemming', 'vitaal_belang'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * The kinds of organisation that take part in cases, as the token names the requesting
 * organisation's kind; the hub's own list adds only the platform operator.
 */
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
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Roles of the professional on whose behalf the hub asks (verzoeker.rol). */
export const REQUESTER_ROLES = ['caseworker', 'supervisor', 'medical', 'chair'] as const;
export type RequesterRole = (typeof REQUESTER_ROLES)[number];

export interface Contactpunt {
  naam: string;
  telefoon?: string;
  email?: string;
}

// Known-by (bekendheid)

export const KNOWN_BY_OUTCOMES = ['BEKEND', 'NIET_BEKEND', 'NIET_TE_BEPALEN'] as const;
export type KnownByOutcome = (typeof KNOWN_BY_OUTCOMES)[number];

export interface KnownByRequest {
  subject: { pseudoniem: string };
  redenVerzoek: ReasonCode;
  doelbinding: string;
  zaakReferentie: string;
}

export interface KnownByAnswer {
  uitslag: KnownByOutcome;
  /** Only with BEKEND. */
  contactpunt?: Contactpunt;
}

// Custody (gezag): the BRP API Gezag as published, in brp-gezag.ts

export const CUSTODY_TYPES = GEZAG_TYPES;
export type CustodyType = GezagType;
export const MAX_CUSTODY_SUBJECTS = MAX_GEZAG_BSNS;

// Detail requests (verrijking)

/** Data categories a detail request may ask for (vragen) and a source may grant. */
export const DETAIL_CATEGORIES = ['betrokkenheid', 'maatregelen', 'veiligheid', 'contactgegevens'] as const;
export type DetailCategory = (typeof DETAIL_CATEGORIES)[number];

export const DETAIL_REQUEST_STATUSES = ['IN_BEHANDELING', 'TOEGEKEND', 'GEWEIGERD', 'FOUT'] as const;
export type DetailRequestStatus = (typeof DETAIL_REQUEST_STATUSES)[number];

export interface DetailRequestBody {
  subject: { burgerservicenummer: string };
  redenVerzoek: ReasonCode;
  doelbinding: string;
  grondslag: LegalBasis;
  /** The categories asked for; all the policy allows when absent. */
  vragen?: DetailCategory[];
  zaakReferentie: string;
  verzoeker: { rol: RequesterRole };
}

export interface DetailRequestAccepted {
  interactieId: string;
}

export interface DetailRequestAnswer {
  status: DetailRequestStatus;
  /**
   * Only with TOEGEKEND: the granted categories as they were when decided, served for a limited
   * time after the decision (the source's DETAIL_ANSWER_TTL_HOURS, 24 by default).
   */
  gegevens?: Partial<Record<DetailCategory, unknown>>;
  /**
   * With GEWEIGERD and FOUT: Dutch text for the professional, and its machine-readable code
   * (FOUT: `verlopen`, `gewijzigd` or `niet_meer_beschikbaar`).
   */
  reden?: string;
  redenCode?: string;
}
