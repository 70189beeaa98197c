import { RequestLog1795398000000 } from './1795398000000-RequestLog';
import { RequestLogProtocolFields1795500000000 } from './1795500000000-RequestLogProtocolFields';
import { SourceRecords1795500100000 } from './1795500100000-SourceRecords';
import { DetailAnswerLimits1795600000000 } from './1795600000000-DetailAnswerLimits';
import { LookupIndexes1795600100000 } from './1795600100000-LookupIndexes';
import { HubTokenIds1795600200000 } from './1795600200000-HubTokenIds';
import { WitnessedCheckpoints1795600300000 } from './1795600300000-WitnessedCheckpoints';
import { CustodyBrpContract1795701000000 } from './1795701000000-CustodyBrpContract';

/**
 * Every source-holder migration in order; listed explicitly so tests and the compiled build load
 * the same set. They run against the source holder's own database, never the hub's.
 */
export const SOURCE_HOLDER_MIGRATIONS = [
  RequestLog1795398000000,
  RequestLogProtocolFields1795500000000,
  SourceRecords1795500100000,
  DetailAnswerLimits1795600000000,
  LookupIndexes1795600100000,
  HubTokenIds1795600200000,
  WitnessedCheckpoints1795600300000,
  CustodyBrpContract1795701000000,
];
