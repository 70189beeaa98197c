import { RequestLog1795398000000 } from './1795398000000-RequestLog';

/**
 * Every source-holder migration in order; listed explicitly so tests and the compiled build load
 * the same set. They run against the source holder's own database, never the hub's.
 */
export const SOURCE_HOLDER_MIGRATIONS = [RequestLog1795398000000];
