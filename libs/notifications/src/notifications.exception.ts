import { DomainException } from '@vt/common';

export type NotificationsErrorCode = 'notifications.not_found' | 'notifications.invalid_cursor';

export class NotificationsException extends DomainException<NotificationsErrorCode> {}

export const NOTIFICATIONS_ERROR_STATUS: Record<NotificationsErrorCode, number> = {
  'notifications.not_found': 404,
  'notifications.invalid_cursor': 400,
};
