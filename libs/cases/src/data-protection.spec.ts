import { randomBytes } from 'node:crypto';
import { DataProtection, normaliseName } from './data-protection';

describe('DataProtection', () => {
  const old = { id: 'k1', key: randomBytes(32) };
  const current = { id: 'k2', key: randomBytes(32) };
  const protection = new DataProtection([current, old], randomBytes(32));

  it('round-trips under the newest key and names it', () => {
    const sealed = protection.seal('123456782', 'bsn');
    expect(sealed.keyId).toBe('k2');
    expect(sealed.ciphertext.toString('latin1')).not.toContain('123456782');
    expect(protection.open(sealed, 'bsn')).toBe('123456782');
  });

  it('still opens data sealed under an older key (rotation)', () => {
    const sealed = new DataProtection([old], randomBytes(32)).seal('secret', 'bsn');
    expect(protection.open(sealed, 'bsn')).toBe('secret');
  });

  it('refuses a tampered ciphertext or another purpose', () => {
    const sealed = protection.seal('123456782', 'bsn');
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[tampered.length - 1] ^= 1;
    expect(() => protection.open({ ...sealed, ciphertext: tampered }, 'bsn')).toThrow();
    expect(() => protection.open(sealed, 'reporter')).toThrow();
  });

  it('gives equal match keys for equal values only', () => {
    expect(protection.matchKey('bsn', '1')).toEqual(protection.matchKey('bsn', '1'));
    expect(protection.matchKey('bsn', '1')).not.toEqual(protection.matchKey('bsn', '2'));
    expect(protection.matchKey('bsn', '1')).not.toEqual(protection.matchKey('name', '1'));
  });
});

describe('normaliseName', () => {
  it('ignores case, diacritics, spaces and hyphens', () => {
    expect(normaliseName('Özil-de Vries')).toBe(normaliseName('ozil de vries'));
  });
});
