import { isMinor } from './child-checks.service';

describe('isMinor', () => {
  const today = new Date('2026-11-23T10:00:00+01:00');

  it('counts a child of the case as a minor, whatever its date of birth', () => {
    expect(isMinor(['child'], null, today)).toBe(true);
    expect(isMinor(['victim', 'child'], '2000-01-01', today)).toBe(true);
  });

  it('counts anyone else under 18 by date of birth, up to the 18th birthday', () => {
    expect(isMinor(['other'], '2008-11-24', today)).toBe(true);
    expect(isMinor(['other'], '2008-11-22', today)).toBe(false);
    expect(isMinor(['victim'], '1990-01-31', today)).toBe(false);
    expect(isMinor(['suspect'], null, today)).toBe(false);
  });
});
