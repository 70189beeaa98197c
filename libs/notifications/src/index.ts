export * from './mail-outbox.service';
export * from './mail-queue.service';
export * from './mail-sender.service';
export * from './notification-mail';
export * from './notification-mail.module';
export * from './notification.entity';
export * from './notifications.exception';
export * from './notifications.module';
export * from './notifications.service';

import { Notification } from './notification.entity';
export const NOTIFICATION_ENTITIES = [Notification];
