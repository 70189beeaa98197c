import { decodeSeqCursor, encodeSeqCursor } from './pagination';

describe('seq cursors', () => {
  it('round-trip', () => expect(decodeSeqCursor(encodeSeqCursor('12345'))).toBe('12345'));
  it.each(['', 'x', encodeSeqCursor('-1'), encodeSeqCursor('9999999999999999999'), encodeSeqCursor('1e5')])(
    'refuse %p',
    (cursor) => expect(decodeSeqCursor(cursor)).toBeNull(),
  );
});
