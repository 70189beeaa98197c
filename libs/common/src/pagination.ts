/** Keyset cursors over a bigint sequence: opaque to clients, checked on the way in. */
const MAX_BIGINT = 2n ** 63n - 1n;

export function encodeSeqCursor(seq: string): string {
  return Buffer.from(seq).toString('base64url');
}

/** The sequence number a cursor stands for, or null when it is not one of ours. */
export function decodeSeqCursor(cursor: string): string | null {
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9]{1,19}$/.test(seq) || BigInt(seq) > MAX_BIGINT) return null;
  return seq;
}
