export * from './notification.entity';
export * from './notifications.exception';
export * from './notifications.module';
export * from './notifications.service';

import { Notification } from './notification.entity';
export const NOTIFICATION_ENTITIES = [Notification];
