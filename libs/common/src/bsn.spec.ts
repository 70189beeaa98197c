import { isValidBsn } from './bsn';

describe('isValidBsn', () => {
  it.each(['123456782', '111222333', '999990019'])('accepts %s', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['123456789', '000000000', '12345678', '1234567820', '12345678a', ''])('refuses %j', (bsn) =>
    expect(isValidBsn(bsn)).toBe(false),
  );
});
