import { createHmac } from 'node:crypto';

/**
 * The keyed pseudonym of a BSN that the hub sends in a known-by question: HMAC-SHA256 of the nine
 * digits under the key the hub shares with that one source holder, as 64 lower-case hex digits.
 * Another source holder's key gives another pseudonym, so pseudonyms cannot be linked across them.
 */
export function pseudonymFor(bsn: string, sharedKey: string | Buffer): string {
  return createHmac('sha256', sharedKey).update(bsn, 'utf8').digest('hex');
}

export const PSEUDONYM_PATTERN = /^[0-9a-f]{64}$/;

/** Shortest shared key accepted (characters of the configured string). */
export const MIN_PSEUDONYM_KEY_LENGTH = 32;

/**
 * The development default of the key shared with source holder `sourceHolderId`, so the demo's hub
 * and source holders agree without configuration. Refused in production (its `dev-only-` prefix).
 */
export function devPseudonymKey(sourceHolderId: string): string {
  return `dev-only-pseudonym-key-${sourceHolderId}-change-me-in-production`;
}
