import { DomainException } from '@vt/common';

export type NotificationsErrorCode = 'notifications.not_found';

export class NotificationsException extends DomainException<NotificationsErrorCode> {}

export const NOTIFICATIONS_ERROR_STATUS: Record<NotificationsErrorCode, number> = {
  'notifications.not_found': 404,
};
