/**
 * The elfproef of a burgerservicenummer: nine digits whose weighted sum (9..2, and -1 for the
 * last) is divisible by 11. One rule for the hub's intake and the source holders.
 */
export function isValidBsn(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value) || value === '000000000') return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - digits[8];
  return sum % 11 === 0;
}

/** Nine digits standing alone (not inside a longer number, word or hex id): where a BSN would be. */
const NINE_DIGITS = /(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])/g;

/** `text` with every nine-digit number that passes the BSN check replaced by `[bsn]`. */
export function redactBsns(text: string): string {
  return text.replace(NINE_DIGITS, (digits) => (isValidBsn(digits) ? '[bsn]' : digits));
}
