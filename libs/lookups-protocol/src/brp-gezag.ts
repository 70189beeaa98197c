/**
 * The BRP API Gezag (the national Gezagsmodule) as published in `brp-api-gezag.yaml` of the
 * repository BRP-API/haal-centraal-gezag: one operation, its request and answer as types, and
 * checks of both written by hand from that document. The hub asks custody in this form, the demo
 * custody register answers in it, and the contract test holds both to these checks.
 *
 * The published schemas leave members open (no `additionalProperties: false`). The checks are
 * closed by default (the contract test): a member the document does not name is reported, so a
 * leftover of an older protocol cannot pass unnoticed. The hub reads answers open (`closed: false`),
 * so a member a later version adds does not make the national module's answers unreadable.
 * Published versions differ on two optional members of a gezag relation (`inOnderzoek`, and
 * `toelichting` on every type or only on the two without holders); both are accepted on every type.
 */

export const GEZAG_PATH = '/api/v1/opvragenBevoegdheidTotGezag';

/** The asking organisation's Organisatie-identificatienummer, a required header: 20 digits. */
export const OIN_HEADER = 'OIN';
export const OIN_PATTERN = /^[0-9]{20}$/;

/** The 200 answer's header naming the transaction. */
export const GEZAG_TRANSACTION_HEADER = 'TransactionID';

export const GEZAG_BSN_PATTERN = /^[0-9]{9}$/;
export const MAX_GEZAG_BSNS = 20;

export const GEZAG_TYPES = [
  'TweehoofdigOuderlijkGezag',
  'EenhoofdigOuderlijkGezag',
  'GezamenlijkGezag',
  'Voogdij',
  'TijdelijkGeenGezag',
  'GezagNietTeBepalen',
] as const;
export type GezagType = (typeof GEZAG_TYPES)[number];

export interface GezagRequest {
  burgerservicenummer: string[];
}

/** GezagOuder and Minderjarige: the BSN is required. */
export interface GezagPersoon {
  burgerservicenummer: string;
}

/** Meerderjarige (a third party or guardian): the BSN may be absent, as for an institution. */
export interface GezagMeerderjarige {
  burgerservicenummer?: string;
}

interface GezagsrelatieBasis {
  minderjarige: GezagPersoon;
  inOnderzoek?: boolean;
}

export type Gezagsrelatie =
  | (GezagsrelatieBasis & { type: 'TweehoofdigOuderlijkGezag'; ouders: [GezagPersoon, GezagPersoon] })
  | (GezagsrelatieBasis & { type: 'EenhoofdigOuderlijkGezag'; ouder: GezagPersoon })
  | (GezagsrelatieBasis & { type: 'GezamenlijkGezag'; ouder: GezagPersoon; derde: GezagMeerderjarige })
  | (GezagsrelatieBasis & { type: 'Voogdij'; derden: GezagMeerderjarige[] })
  | (GezagsrelatieBasis & { type: 'TijdelijkGeenGezag'; toelichting?: string })
  | (GezagsrelatieBasis & { type: 'GezagNietTeBepalen'; toelichting?: string });

export interface GezagResponse {
  personen: { burgerservicenummer: string; gezag: Gezagsrelatie[] }[];
}

type Kind = 'persoon' | 'meerderjarige';

/** The members each type may carry besides `type`, `minderjarige`, `inOnderzoek` and `toelichting`. */
const TYPE_MEMBERS: Record<GezagType, Record<string, { kind: Kind; list?: { min: number; max: number } }>> = {
  TweehoofdigOuderlijkGezag: { ouders: { kind: 'persoon', list: { min: 2, max: 2 } } },
  EenhoofdigOuderlijkGezag: { ouder: { kind: 'persoon' } },
  GezamenlijkGezag: { ouder: { kind: 'persoon' }, derde: { kind: 'meerderjarige' } },
  Voogdij: { derden: { kind: 'meerderjarige', list: { min: 0, max: 2 } } },
  TijdelijkGeenGezag: {},
  GezagNietTeBepalen: {},
};
const COMMON_MEMBERS = ['type', 'minderjarige', 'inOnderzoek', 'toelichting'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects what breaks the contract; `closed` also reports members the contract does not name. */
class Problems {
  readonly list: string[] = [];
  constructor(readonly closed: boolean) {}

  add(problem: string): void {
    this.list.push(problem);
  }

  unknownMembers(value: Record<string, unknown>, allowed: string[], at: string): void {
    if (!this.closed) return;
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.add(`${at}.${key}: not in the contract`);
  }
}

export interface GezagCheckOptions {
  /** Report members the published document does not name (default true). */
  closed?: boolean;
}

function checkBsn(value: unknown, at: string, problems: Problems): void {
  if (typeof value !== 'string' || !GEZAG_BSN_PATTERN.test(value)) problems.add(`${at}: not a string of 9 digits`);
}

/** A GezagOuder or Minderjarige (`persoon`, BSN required) or a Meerderjarige (BSN optional). */
function checkPerson(value: unknown, kind: Kind, at: string, problems: Problems): void {
  if (!isObject(value)) {
    problems.add(`${at}: not an object`);
    return;
  }
  problems.unknownMembers(value, ['burgerservicenummer'], at);
  if (kind === 'persoon' || value.burgerservicenummer !== undefined) {
    checkBsn(value.burgerservicenummer, `${at}.burgerservicenummer`, problems);
  }
}

function checkRelation(value: unknown, at: string, problems: Problems): void {
  if (!isObject(value)) {
    problems.add(`${at}: not an object`);
    return;
  }
  if (!GEZAG_TYPES.includes(value.type as GezagType)) {
    problems.add(`${at}.type: not one of the published types`);
    return;
  }
  const members = TYPE_MEMBERS[value.type as GezagType];
  problems.unknownMembers(value, [...COMMON_MEMBERS, ...Object.keys(members)], at);
  if (value.minderjarige !== undefined) checkPerson(value.minderjarige, 'persoon', `${at}.minderjarige`, problems);
  if (value.inOnderzoek !== undefined && typeof value.inOnderzoek !== 'boolean') {
    problems.add(`${at}.inOnderzoek: not a boolean`);
  }
  if (value.toelichting !== undefined && typeof value.toelichting !== 'string') {
    problems.add(`${at}.toelichting: not a string`);
  }
  for (const [name, member] of Object.entries(members)) {
    const found = value[name];
    if (found === undefined) continue;
    if (!member.list) {
      checkPerson(found, member.kind, `${at}.${name}`, problems);
      continue;
    }
    if (!Array.isArray(found) || found.length < member.list.min || found.length > member.list.max) {
      problems.add(`${at}.${name}: not a list of ${member.list.min} to ${member.list.max}`);
      continue;
    }
    found.forEach((item, index) => checkPerson(item, member.kind, `${at}.${name}[${index}]`, problems));
  }
}

/** What in a request body breaks GezagRequest; empty when it conforms. */
export function gezagRequestProblems(body: unknown, options: GezagCheckOptions = {}): string[] {
  if (!isObject(body)) return ['body: not an object'];
  const problems = new Problems(options.closed ?? true);
  problems.unknownMembers(body, ['burgerservicenummer'], 'body');
  const list = body.burgerservicenummer;
  // Optional in the published schema, but a question without a BSN asks nothing.
  if (!Array.isArray(list) || list.length < 1 || list.length > MAX_GEZAG_BSNS) {
    problems.add(`body.burgerservicenummer: not a list of 1 to ${MAX_GEZAG_BSNS}`);
    return problems.list;
  }
  list.forEach((bsn, index) => checkBsn(bsn, `body.burgerservicenummer[${index}]`, problems));
  return problems.list;
}

/** What in the request headers breaks the contract: the OIN header is required. */
export function gezagHeaderProblems(headers: Record<string, string | string[] | undefined>): string[] {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === OIN_HEADER.toLowerCase());
  const value = entry?.[1];
  if (typeof value !== 'string') return ['OIN: missing'];
  // The published schema asks a string; an OIN is 20 digits, which the hub always sends.
  return OIN_PATTERN.test(value) ? [] : ['OIN: not 20 digits'];
}

/** What in a 200 answer body breaks GezagResponse; empty when it conforms. */
export function gezagResponseProblems(body: unknown, options: GezagCheckOptions = {}): string[] {
  if (!isObject(body)) return ['body: not an object'];
  const problems = new Problems(options.closed ?? true);
  problems.unknownMembers(body, ['personen'], 'body');
  if (body.personen === undefined) return problems.list;
  if (!Array.isArray(body.personen)) return [...problems.list, 'body.personen: not a list'];
  body.personen.forEach((person: unknown, index) => {
    const at = `body.personen[${index}]`;
    if (!isObject(person)) {
      problems.add(`${at}: not an object`);
      return;
    }
    problems.unknownMembers(person, ['burgerservicenummer', 'gezag'], at);
    if (person.burgerservicenummer !== undefined) {
      checkBsn(person.burgerservicenummer, `${at}.burgerservicenummer`, problems);
    }
    if (person.gezag === undefined) return;
    if (!Array.isArray(person.gezag)) {
      problems.add(`${at}.gezag: not a list`);
      return;
    }
    person.gezag.forEach((relation: unknown, i) => checkRelation(relation, `${at}.gezag[${i}]`, problems));
  });
  return problems.list;
}

/** The 503 answer ("Gegevensbron niet beschikbaar") is a JSON string. */
export function gezagUnavailableProblems(body: unknown): string[] {
  return typeof body === 'string' ? [] : ['body: not a string'];
}
