import type { components } from './api-types';

type Schemas = components['schemas'];

/** GET /cases/{id}, as the api's document declares it: sections the caller's categories do not cover are absent. */
export type CaseView = Schemas['CaseViewDto'];
/** The operations the api names in `allowedOperations`: what the caller may start now. */
export type CaseOperation = CaseView['allowedOperations'][number];
export type CaseAction = Schemas['CaseActionDto'];
export type CaseEscalation = Schemas['EscalationViewDto'];
export type Suspension = Schemas['SuspensionViewDto'];
export type Extension = Schemas['ExtensionViewDto'];
export type RestrainingOrder = Schemas['RestrainingOrderViewDto'];
export type ProtectiveMeasure = Schemas['ProtectiveMeasureViewDto'];
/** A child's check (kindcheck); `childView` (the child's own words) only with `narrative`. */
export type ChildCheck = Schemas['ChildCheckViewDto'];
export type Partner = Schemas['CasePartnerViewDto'];
export type CaseNote = Schemas['CaseNoteDto'];
export type CaseReport = Schemas['CaseReportDto'];
/** A check after closing, for the regie organisation. */
export type FollowUpCheck = Schemas['CaseFollowUpCheckDto'];

/** A partner's name as the case knows it. */
export function partnerName(c: CaseView, organisationId: string): string {
  return c.partners.find((p) => p.organisationId === organisationId)?.organisationName ?? 'Onbekende organisatie';
}
