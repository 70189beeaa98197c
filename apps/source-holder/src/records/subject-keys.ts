import { createHmac } from 'node:crypto';
import { pseudonymFor } from '@vt/lookups-protocol';

/**
 * The two keyed hashes of a BSN this source holder uses: the pseudonym shared with the hub (what
 * known-by questions carry and what the request log names) and its own subject key, under a key
 * the hub never has, for finding a record when a detail request or custody question brings the
 * BSN. Neither can be turned back into the BSN without its key.
 */
export class SubjectKeys {
  constructor(
    private readonly pseudonymKey: string,
    private readonly subjectKey: string,
  ) {}

  pseudonym(bsn: string): string {
    return pseudonymFor(bsn, this.pseudonymKey);
  }

  subject(bsn: string): string {
    return createHmac('sha256', this.subjectKey).update(`bsn\u0000${bsn}`, 'utf8').digest('hex');
  }
}
