import { devPseudonymKey, PSEUDONYM_PATTERN, pseudonymFor } from './pseudonym';

describe('pseudonymFor', () => {
  // Fixed vector (also `echo -n 123456782 | openssl dgst -sha256 -hmac <key>`): the hub and every
  // source holder must compute exactly this, so a change here breaks the protocol.
  it('is HMAC-SHA256 of the BSN under the shared key, in lower-case hex', () => {
    expect(pseudonymFor('123456782', devPseudonymKey('gi'))).toBe(
      'dba55f06274a565fca5722acd1b23546e4e77d84845a0e2a23012c56fa1f3f2d',
    );
  });

  it('differs per source holder and per BSN, and never contains the BSN', () => {
    const gi = pseudonymFor('123456782', devPseudonymKey('gi'));
    const rvdk = pseudonymFor('123456782', devPseudonymKey('rvdk'));
    expect(gi).not.toBe(rvdk);
    expect(pseudonymFor('111222333', devPseudonymKey('gi'))).not.toBe(gi);
    expect(gi).toMatch(PSEUDONYM_PATTERN);
    expect(gi).not.toContain('123456782');
  });

  it('accepts the key as a string or as its bytes', () => {
    const key = devPseudonymKey('zvh');
    expect(pseudonymFor('111222333', Buffer.from(key, 'utf8'))).toBe(pseudonymFor('111222333', key));
  });
});
