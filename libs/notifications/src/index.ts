export * from './mail-outbox.service';
export * from './mail-queue.service';
export * from './mail-sender.service';
export * from './notification-kinds';
export * from './notification-mail';
export * from './notification-mail.module';
export * from './notification-preferences.entity';
export * from './notification.entity';
export * from './notifications.exception';
export * from './notifications.module';
export * from './notifications.service';

import { NotificationPreferences } from './notification-preferences.entity';
import { Notification } from './notification.entity';
export const NOTIFICATION_ENTITIES = [Notification, NotificationPreferences];
