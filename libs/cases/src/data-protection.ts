// The sealing itself lives in @vt/common, so other contexts (the second factor's TOTP secrets) share it.
export { DataProtection, type Sealed } from '@vt/common';

/** Lower case, no diacritics, letters only: "Özil-de Vries" and "ozil de vries" match. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
