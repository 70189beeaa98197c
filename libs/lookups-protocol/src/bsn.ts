/**
 * The elfproef: nine digits whose weighted sum (9..2, and -1 for the last) is divisible by 11.
 * The same rule as the hub's intake (libs/cases); repeated here so a source holder needs no hub code.
 */
export function isValidBsn(value: string): boolean {
  if (!/^[0-9]{9}$/.test(value) || value === '000000000') return false;
  const digits = [...value].map(Number);
  const sum = digits.slice(0, 8).reduce((acc, d, i) => acc + d * (9 - i), 0) - digits[8];
  return sum % 11 === 0;
}
