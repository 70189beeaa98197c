import { CommonErrorCode } from '@vt/common';
import { SourceHolderErrorCode } from './source-holder.exception';

/** Every domain error code of the source holder mapped to HTTP, in one exhaustive table. */
export const SOURCE_HOLDER_ERROR_STATUS: Record<CommonErrorCode | SourceHolderErrorCode, number> = {
  'common.validation': 400,
  'common.unavailable': 503,
  'common.throttled': 429,
  'source_holder.unauthenticated': 401,
  'source_holder.not_found': 404,
  'source_holder.not_pending': 409,
  'source_holder.register_unavailable': 503,
  'source_holder.checkpoint_conflict': 409,
};
