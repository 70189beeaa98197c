import { CasesException } from './cases.exception';
import { searchQueryOf } from './case-search.service';

describe('searchQueryOf', () => {
  it.each([
    ['VT-2026-000123', 'reference', 'VT-2026-000123'],
    [' vt-2026-000123 ', 'reference', 'VT-2026-000123'],
    ['1990-01-31', 'dateOfBirth', '1990-01-31'],
    ['123456782', 'bsn', '123456782'],
    ['Özil-de Vries', 'name', 'Özil-de Vries'],
    ['  Jansen ', 'name', 'Jansen'],
    ['vt-2026-12', 'name', 'vt-2026-12'],
  ])('reads %j as a %s', (q, match, value) => {
    expect(searchQueryOf(q)).toEqual({ match, value });
  });

  it.each(['2026-02-30', '123456789', '12345', '0612345678', '--- ---'])('refuses %j', (q) => {
    expect(() => searchQueryOf(q)).toThrow(CasesException);
  });
});
