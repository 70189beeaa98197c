export * from './amsterdam-time';
export * from './calendar.service';
export * from './dashboard.module';
export * from './dashboard.service';
export * from './deadline-list.service';
export * from './deadline.entity';
export * from './deadline-policy';
export * from './deadline-metrics.service';
export * from './deadline-reconciler.service';
export * from './deadline-scheduler.service';
export * from './reminders';
export * from './deadlines.module';
export * from './deadlines.service';
export * from './due-dates';
export * from './statutory-holidays';
export * from './working-day-calendar';

import { Deadline } from './deadline.entity';
export const DEADLINE_ENTITIES = [Deadline];
