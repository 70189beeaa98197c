import { SetMetadata } from '@nestjs/common';
import type { Action, SubjectType } from '@vt/access';
import type { AuditAction } from '@vt/audit';

export const PUBLIC_KEY = 'vt:public';
/** No bearer token needed (login, health, metrics). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const POLICY_KEY = 'vt:policy';
export interface Policy {
  action: Action;
  subject: SubjectType;
}
/** Endpoint-level check: the caller's ability allows `action` on some `subject`. */
export const CheckPolicy = (action: Action, subject: SubjectType) => SetMetadata(POLICY_KEY, { action, subject });

export const AUDIT_KEY = 'vt:audit';
export interface AuditSpec {
  action: AuditAction;
  subjectType: string;
  /** Route parameter holding the subject's id. */
  idParam?: string;
  /** Route parameter holding the case id, so the entry can be found per case. */
  caseParam?: string;
  /** The service writes the success entry in its own transaction; the interceptor only logs failures. */
  inService?: boolean;
}
/** Every authenticated endpoint declares how it is audited (checked by the authorization table test). */
export const Audit = (spec: AuditSpec) => SetMetadata(AUDIT_KEY, spec);
