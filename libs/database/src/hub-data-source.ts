import { ACCESS_ENTITIES } from '@vt/access';
import { AUDIT_ENTITIES } from '@vt/audit';
import { CASE_ENTITIES } from '@vt/cases';
import { DEADLINE_ENTITIES } from '@vt/deadlines';
import { MEETING_ENTITIES } from '@vt/meetings';
import { NOTIFICATION_ENTITIES } from '@vt/notifications';
import { DataSourceOptions } from 'typeorm';
import { HUB_MIGRATIONS } from '../../../migrations';
import { postgresOptions } from './data-source-options';

export const HUB_ENTITIES = [
  ...ACCESS_ENTITIES,
  ...AUDIT_ENTITIES,
  ...CASE_ENTITIES,
  ...DEADLINE_ENTITIES,
  ...MEETING_ENTITIES,
  ...NOTIFICATION_ENTITIES,
];

export function hubDataSourceOptions(url: string, poolSize: number, applicationName: string): DataSourceOptions {
  return postgresOptions({ url, poolSize, applicationName }, HUB_ENTITIES, HUB_MIGRATIONS);
}
