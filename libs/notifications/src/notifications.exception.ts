import { DomainException } from '@vt/common';

export type NotificationsErrorCode =
  'notifications.not_found' | 'notifications.invalid_cursor' | 'notifications.email_failed';

export class NotificationsException extends DomainException<NotificationsErrorCode> {}

export const NOTIFICATIONS_ERROR_STATUS: Record<NotificationsErrorCode, number> = {
  'notifications.not_found': 404,
  'notifications.invalid_cursor': 400,
  // Raised in the worker only (a send attempt failed); listed because the table is exhaustive.
  'notifications.email_failed': 502,
};
