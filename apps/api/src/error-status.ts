import { ACCESS_ERROR_STATUS, AccessErrorCode } from '@vt/access';
import { AUDIT_ERROR_STATUS, AuditErrorCode } from '@vt/audit';
import { CASES_ERROR_STATUS, CasesErrorCode } from '@vt/cases';
import { LOOKUPS_ERROR_STATUS, LookupsErrorCode } from '@vt/lookups';
import { MEETINGS_ERROR_STATUS, MeetingsErrorCode } from '@vt/meetings';
import { NOTIFICATIONS_ERROR_STATUS, NotificationsErrorCode } from '@vt/notifications';
import { CommonErrorCode } from '@vt/common';

const COMMON_ERROR_STATUS: Record<CommonErrorCode, number> = {
  'common.validation': 400,
  'common.unavailable': 503,
  'common.throttled': 429,
};

/** Every domain error code of the hub mapped to HTTP, in one exhaustive table. */
export const API_ERROR_STATUS: Record<
  | AccessErrorCode
  | AuditErrorCode
  | CasesErrorCode
  | CommonErrorCode
  | LookupsErrorCode
  | MeetingsErrorCode
  | NotificationsErrorCode,
  number
> = {
  ...COMMON_ERROR_STATUS,
  ...ACCESS_ERROR_STATUS,
  ...AUDIT_ERROR_STATUS,
  ...CASES_ERROR_STATUS,
  ...LOOKUPS_ERROR_STATUS,
  ...MEETINGS_ERROR_STATUS,
  ...NOTIFICATIONS_ERROR_STATUS,
};
