import { postgresOptions } from '@vt/database';
import { DataSourceOptions } from 'typeorm';
import { SOURCE_HOLDER_MIGRATIONS } from '../migrations';
import { CustodyRecord } from './custody/custody-record.entity';
import { DetailRequest } from './detail-requests/detail-request.entity';
import { DisclosureRule } from './detail-requests/disclosure-rule.entity';
import { ContactPoint } from './records/contact-point.entity';
import { KnownPerson } from './records/known-person.entity';
import { RequestLogEntry } from './request-log/request-log-entry.entity';
import { WitnessedCheckpoint } from './witness/witnessed-checkpoint.entity';

export const SOURCE_HOLDER_ENTITIES = [
  RequestLogEntry,
  ContactPoint,
  KnownPerson,
  DisclosureRule,
  DetailRequest,
  CustodyRecord,
  WitnessedCheckpoint,
];

export function sourceHolderDataSourceOptions(
  url: string,
  poolSize: number,
  applicationName: string,
  poolWaitMs?: number,
): DataSourceOptions {
  return postgresOptions(
    { url, poolSize, poolWaitMs, applicationName },
    SOURCE_HOLDER_ENTITIES,
    SOURCE_HOLDER_MIGRATIONS,
  );
}
