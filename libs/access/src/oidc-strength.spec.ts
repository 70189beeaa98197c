import { multiFactorAtProvider } from './oidc-strength';

describe('multiFactorAtProvider', () => {
  it.each([
    [['pwd', 'mfa'], true],
    [['pwd', 'otp'], true],
    [['hwk', 'fpt'], true],
    [['swk', 'pin'], true],
    // One method is one factor, however strong: a passwordless code or key alone is not two.
    [['otp'], false],
    [['sms'], false],
    [['hwk'], false],
    [['pwd', 'pin'], false],
    [['pwd'], false],
    [['swk'], false],
    [['fpt'], false],
    [['unknown', 'pwd'], false],
    [[], false],
  ])('amr %j counts as multi-factor: %s', (amr, strong) => {
    expect(multiFactorAtProvider({ amr }, null)).toBe(strong);
  });

  it('ignores an amr that is not a list of strings', () => {
    expect(multiFactorAtProvider({ amr: 'mfa' }, null)).toBe(false);
    expect(multiFactorAtProvider({ amr: [1, { mfa: true }] }, null)).toBe(false);
  });

  it('takes the acr configured on the provider, and only that one', () => {
    expect(multiFactorAtProvider({ acr: 'urn:vt:loa:substantial' }, 'urn:vt:loa:substantial')).toBe(true);
    expect(multiFactorAtProvider({ acr: 'urn:vt:loa:low' }, 'urn:vt:loa:substantial')).toBe(false);
    expect(multiFactorAtProvider({ acr: 'urn:vt:loa:substantial' }, null)).toBe(false);
    expect(multiFactorAtProvider({}, 'urn:vt:loa:substantial')).toBe(false);
  });
});
