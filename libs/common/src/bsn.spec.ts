import { isValidBsn, redactBsns } from './bsn';

describe('isValidBsn', () => {
  it.each(['123456782', '111222333', '999990019'])('accepts %s', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['123456789', '000000000', '12345678', '1234567820', '12345678a', ''])('refuses %j', (bsn) =>
    expect(isValidBsn(bsn)).toBe(false),
  );
});

describe('redactBsns', () => {
  it('replaces a nine-digit number that passes the BSN check, and only that', () => {
    expect(redactBsns('Vader 123456782, zaak 123456789, tel 0612345678')).toBe(
      'Vader [bsn], zaak 123456789, tel 0612345678',
    );
    expect(redactBsns('id a123456782b en 1234567820')).toBe('id a123456782b en 1234567820');
  });
});
