import { newRecoveryCode, normaliseRecoveryCode } from './second-factor.service';

describe('recovery codes', () => {
  it('are ten characters without look-alikes, in two groups of five', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{5}-[a-km-np-z2-9]{5}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are the same code whatever the case, dashes or spaces', () => {
    expect(normaliseRecoveryCode('ABCDE-FGHIJ')).toBe('abcdefghij');
    expect(normaliseRecoveryCode(' abcde fghij ')).toBe('abcdefghij');
  });
});
