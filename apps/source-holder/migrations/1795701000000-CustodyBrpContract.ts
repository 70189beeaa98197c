import { MigrationInterface, QueryRunner } from 'typeorm';

type Json = Record<string, unknown>;
interface OldHolder {
  soort?: string;
  naam?: string;
  burgerservicenummer?: string;
}

const person = (holder: OldHolder | undefined): Json | undefined =>
  holder?.burgerservicenummer ? { burgerservicenummer: holder.burgerservicenummer } : undefined;
const adult = (holder: OldHolder): Json => person(holder) ?? {};
const undeterminable = (old: Json): Json => ({
  type: 'GezagNietTeBepalen',
  ...(old.inOnderzoek === undefined ? {} : { inOnderzoek: old.inOnderzoek }),
  toelichting: 'Bij de omzetting naar de BRP API Gezag niet te bepalen / undeterminable when converted',
});

/**
 * One gezag entry of the earlier protocol (`gezagsdragers` with names) in the BRP API Gezag's
 * form: holders by BSN in the members of their type, names dropped (the national module names
 * nobody); an entry that form cannot hold becomes "not to be determined", never a guess.
 */
function toPublished(old: Json): Json {
  const holders = (Array.isArray(old.gezagsdragers) ? old.gezagsdragers : []) as OldHolder[];
  const parents = holders.filter((h) => h.soort === 'ouder' && h.burgerservicenummer).map(person);
  const third = holders.find((h) => h.soort !== 'ouder');
  const base: Json = { type: old.type, ...(old.inOnderzoek === undefined ? {} : { inOnderzoek: old.inOnderzoek }) };
  switch (old.type) {
    case 'TweehoofdigOuderlijkGezag':
      return parents.length === 2 ? { ...base, ouders: parents } : undeterminable(old);
    case 'EenhoofdigOuderlijkGezag':
      return parents.length === 1 ? { ...base, ouder: parents[0] } : undeterminable(old);
    case 'GezamenlijkGezag':
      return parents.length === 1 && third ? { ...base, ouder: parents[0], derde: adult(third) } : undeterminable(old);
    case 'Voogdij':
      return holders.length <= 2 ? { ...base, derden: holders.map(adult) } : undeterminable(old);
    case 'TijdelijkGeenGezag':
    case 'GezagNietTeBepalen':
      return typeof old.toelichting === 'string' ? { ...base, toelichting: old.toelichting } : base;
    default:
      return undeterminable(old);
  }
}

/** Back to the earlier form; the names are gone, so each holder is named by kind only. */
function toEarlier(entry: Json): Json {
  const named = (soort: string) => (holder: Json | undefined) => (holder ? [{ soort, naam: soort, ...holder }] : []);
  const derden = (Array.isArray(entry.derden) ? entry.derden : []) as Json[];
  return {
    type: entry.type,
    gezagsdragers: [
      ...((Array.isArray(entry.ouders) ? entry.ouders : []) as Json[]).flatMap(named('ouder')),
      ...named('ouder')(entry.ouder as Json | undefined),
      ...named('derde')(entry.derde as Json | undefined),
      ...derden.flatMap((d) => named(d.burgerservicenummer ? 'derde' : 'instelling')(d)),
    ],
    inOnderzoek: entry.inOnderzoek === true,
    ...(typeof entry.toelichting === 'string' ? { toelichting: entry.toelichting } : {}),
  };
}

/**
 * Custody in the BRP API Gezag's form (issue 20): the register's rows converted, and the request
 * log records the OIN header a custody question came with.
 */
export class CustodyBrpContract1795701000000 implements MigrationInterface {
  name = 'CustodyBrpContract1795701000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE request_log ADD COLUMN requester_oin text`);
    await this.convert(q, toPublished);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.convert(q, toEarlier);
    // The append-only trigger fires per row, not on ALTER TABLE, so the column can go.
    await q.query(`ALTER TABLE request_log DROP COLUMN requester_oin`);
  }

  private async convert(q: QueryRunner, map: (entry: Json) => Json): Promise<void> {
    const rows = (await q.query(`SELECT subject_key, custody FROM custody_records FOR UPDATE`)) as {
      subject_key: string;
      custody: Json[];
    }[];
    for (const row of rows) {
      await q.query(`UPDATE custody_records SET custody = $2 WHERE subject_key = $1`, [
        row.subject_key,
        JSON.stringify(row.custody.map(map)),
      ]);
    }
  }
}
