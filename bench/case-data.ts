import { DataProtection, normaliseName } from '@vt/cases';
import { loadHubConfig } from '@vt/common';

/** A small deterministic generator (mulberry32), so runs load the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, values: readonly T[]): T {
  return values[Math.floor(rnd() * values.length)];
}

/**
 * Valid BSNs (elfproef) in counter order from `start`: the ninth digit is the weighted sum of the
 * first eight modulo 11, and bases giving 10 are skipped.
 */
export function* bsns(start: number): Generator<string> {
  for (let base = start; base < 100_000_000; base++) {
    const digits = String(base).padStart(8, '0');
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0);
    const check = sum % 11;
    if (check < 10) yield `${digits}${check}`;
  }
  throw new Error('BSN range exhausted');
}

// prettier-ignore
const FIRST_NAMES = [
  'Anna', 'Emma', 'Sophie', 'Julia', 'Lisa', 'Sanne', 'Fatima', 'Noor', 'Eva', 'Iris', 'Maria', 'Yasmina', 'Lotte',
  'Daan', 'Bram', 'Mohammed', 'Jeroen', 'Kees', 'Sem', 'Luuk', 'Thomas', 'Ahmed', 'Ruben', 'Milan', 'Stefan', 'Joost',
];
// prettier-ignore
const LAST_NAMES = [
  'de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot',
  'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'Yilmaz',
  'El Amrani', 'Öztürk', 'Şahin', 'Kaya', 'Nguyen', 'Pinas', 'Martina', 'Kramer', 'van Dijk', 'Verbeek', 'Willems',
];

export interface PersonIdentity {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  bsn: string | null;
}

function isoDate(rnd: () => number, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return new Date(from + Math.floor(rnd() * ((to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

/** A household as reports describe it: a victim, a suspect and often a child. */
export interface Household {
  victim: PersonIdentity;
  suspect: PersonIdentity;
  child: PersonIdentity | null;
}

export function household(rnd: () => number, nextBsn: () => string, withChild: boolean): Household {
  const lastName = pick(rnd, LAST_NAMES);
  const person = (fromYear: number, toYear: number, bsnShare: number, last = lastName): PersonIdentity => ({
    firstName: pick(rnd, FIRST_NAMES),
    lastName: last,
    dateOfBirth: isoDate(rnd, fromYear, toYear),
    bsn: rnd() < bsnShare ? nextBsn() : null,
  });
  return {
    victim: person(1960, 2004, 0.8),
    suspect: person(1955, 2004, 0.6, rnd() < 0.5 ? lastName : pick(rnd, LAST_NAMES)),
    child: withChild ? person(2010, 2025, 0.9) : null,
  };
}

/** The hub's own data protection, with the keys the api loads from the same environment. */
export function hubDataProtection(): DataProtection {
  const config = loadHubConfig({ ...process.env, NODE_ENV: 'development' });
  return new DataProtection(config.dataKeys, config.matchingKey);
}

/** The keyed hashes and ciphertext the intake stores for a person (as in IntakeService). */
export function protectPerson(protection: DataProtection, person: PersonIdentity) {
  const nameKey = protection.matchKey(
    'name',
    `${normaliseName(person.lastName)}|${normaliseName(person.firstName)}|${person.dateOfBirth}`,
  );
  const sealed = person.bsn ? protection.seal(person.bsn, 'bsn') : null;
  return {
    nameKey: nameKey.toString('hex'),
    bsnHash: person.bsn ? protection.matchKey('bsn', person.bsn).toString('hex') : null,
    bsnCiphertext: sealed ? sealed.ciphertext.toString('hex') : null,
    bsnKeyId: sealed?.keyId ?? null,
  };
}
