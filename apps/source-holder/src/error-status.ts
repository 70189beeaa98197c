import { CommonErrorCode } from '@vt/common';

/** Every domain error code of the source holder mapped to HTTP, in one exhaustive table. */
export const SOURCE_HOLDER_ERROR_STATUS: Record<CommonErrorCode, number> = {
  'common.validation': 400,
  'common.unavailable': 503,
};
