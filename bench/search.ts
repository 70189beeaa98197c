import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { DataSource, QueryRunner } from 'typeorm';
import { DataProtection, loadHubConfig } from '@vt/common';
import {
  CapturedStatement,
  captureGetSql,
  indexesBuiltAfter,
  inOneSession,
  login,
  passwordHash,
  print,
  printAgainstSqlFloor,
  runBench,
  timed,
} from './support';

const PERSONS_PER_CASE = 3;
const VT_ORGS = 2;
const LOADED_TABLES = ['cases', 'case_partners', 'reports', 'persons', 'case_persons'];

// Names as they occur in the Netherlands, accents included. A household shares its surname: three
// in ten from the fifty most common ones, skewed (the commonest about 1 % of persons, as "de Jong"
// is nationally), the others from 900 rarer ones built from parts.
const FIRST_NAMES = (
  'Emma|Julia|Mila|Sophie|Tess|Zoë|Noah|Liam|Daan|Sem|Luuk|Lucas|Fatima|Mohamed|Ayşe|Mehmet|Anouk|Lotte|Sanne|' +
  'Thijs|Bram|Jesse|Lieke|Fleur|Renée|Chloé|Yusuf|Amira|Sven|Pieter|Johanna|Cornelis|Anna|Maria|Hendrik|Willem|' +
  'Nina|Sara|Ilse|Joël'
).split('|');
const COMMON_SURNAMES = (
  'de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|' +
  'Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|' +
  'Jacobs|de Haan|Vermeulen|Özdemir|Yılmaz|Çelik|Şahin|El Amrani|Bouzid|Ramdin|Kromowidjojo|Müller|Nguyễn|' +
  'Schoenmaker|Verhoeven|Koster|Prins|Blom|Huisman|Peeters|Kuipers|van Wijk|Post'
).split('|');
const SURNAME_STARTS = (
  'Hoek|Veld|Berg|Bosch|Dijk|Brink|Kamp|Molen|Stee|Wester|Ooster|Noord|Zuider|Linde|Haver|Roze|Groen|Wit|Zwart|' +
  'Klein|Groot|Heuvel|Beek|Ven|Meer|Hof|Wijn|Vlie|Rijn|Maas'
).split('|');
const SURNAME_ENDS = (
  'man|stra|sma|kamp|inga|huis|veld|berg|hof|dijk|brink|mans|er|ink|ers|hout|land|horst|weg|laan|boom|beek|ma|' +
  'ing|sen|stein|bos|donk|meijer|pool'
).split('|');

/** A valid BSN (elfproef) from a number below 10^8: eight digits and the check digit that fits. */
function bsnOf(n: number): string | undefined {
  const eight = String(n).padStart(8, '0');
  const sum = [...eight].reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const last = sum % 11;
  return last === 10 ? undefined : `${eight}${last}`;
}

/**
 * BENCH_CASES (default 100,000) cases of two Veilig Thuis organisations (four in five at the
 * first), received over five years, each with three persons (names as described above, dates
 * of birth over seventy years),
 * one in three with the police as a partner with `basic`. Every person has a BSN hash; the
 * benchmark's own BSNs get the api's keyed hash, the rest a random one of the same length.
 */
async function generate(dataSource: DataSource, cases: number, protection: DataProtection): Promise<string[]> {
  return inOneSession(dataSource, (db) => load(db, cases, protection));
}

async function load(db: QueryRunner, cases: number, protection: DataProtection): Promise<string[]> {
  const hash = await passwordHash();
  await timed('organisations and users', async () => {
    await db.query(
      `INSERT INTO organisations (slug, name, kind, region)
       SELECT 'bench-' || n, 'Bench ' || n, CASE WHEN n < $1 THEN 'veilig_thuis' ELSE 'police' END, 'region-' || n
         FROM generate_series(0, $1) n`,
      [VT_ORGS],
    );
    await db.query(
      `INSERT INTO users (organisation_id, name, email, password_hash, roles)
       SELECT id, 'Bench', 'cw-' || slug || '@bench.example', $1, ARRAY['caseworker'] FROM organisations
        WHERE slug LIKE 'bench-%'`,
      [hash],
    );
  });
  await indexesBuiltAfter(db, LOADED_TABLES, async () => {
    await timed('cases and partners', async () => {
      await db.query(
        `INSERT INTO cases (reference, organisation_id, phase, acute, received_at, regie_organisation_id,
           violence_types, red_flags, risk_level, risk_reasons, closed_at, close_reason, created_at, updated_at)
       SELECT 'VT-' || extract(year FROM x.received_at) || '-' || lpad(g::text, 6, '0'), o.id,
              CASE WHEN g % 5 = 0 THEN 'follow_up' ELSE 'closed' END, false, x.received_at, o.id,
              ARRAY['partner_violence'], '{}', 'elevated', '{}',
              CASE WHEN g % 5 <> 0 THEN x.received_at + interval '60 days' END, CASE WHEN g % 5 <> 0 THEN 'afgerond' END,
              x.received_at, x.received_at
         FROM generate_series(1, $1::int) g
         CROSS JOIN LATERAL (SELECT now() - interval '1825 days' * ((g::float8 - 1) / $1) AS received_at) x
         JOIN organisations o ON o.slug = 'bench-' || CASE WHEN g % 5 = 0 THEN 1 ELSE 0 END`,
        [cases],
      );
      // The counters intake would have moved: a lookup by reference goes through their organisations.
      await db.query(
        `INSERT INTO case_reference_counters (organisation_id, year, last_number)
         SELECT organisation_id, substr(reference, 4, 4)::int, max(substr(reference, 9)::int)
           FROM cases GROUP BY 1, 2`,
      );
      await db.query(
        `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories, added_at)
       SELECT c.id, c.seq, c.organisation_id, 'statutory', 'Wmo 2015 art. 4.1.1', ARRAY['basic','safety','narrative'],
              c.received_at
         FROM cases c
       UNION ALL
       SELECT c.id, c.seq, p.id, 'statutory', 'Wpg art. 16', ARRAY['basic'], c.received_at + interval '2 days'
         FROM cases c JOIN organisations p ON p.slug = 'bench-' || $1 WHERE c.seq % 3 = 0`,
        [VT_ORGS],
      );
    });
    await timed('reports', () =>
      db.query(
        `INSERT INTO reports (case_id, organisation_id, received_at, acute, channel, reporter_kind, reporter_ciphertext,
           reporter_key_id, violence_types, red_flags, created_by)
       SELECT c.id, c.organisation_id, c.received_at, false, 'phone', 'professional', '\\x00', 'bench',
              c.violence_types, '{}', u.id
         FROM cases c JOIN users u ON u.organisation_id = c.organisation_id`,
      ),
    );
    await timed('persons', async () => {
      await db.query(
        `WITH made AS (
         INSERT INTO persons (organisation_id, first_name, last_name, date_of_birth, bsn_hash, bsn_ciphertext, bsn_key_id,
             name_key)
         SELECT c.organisation_id,
                ($1::text[])[1 + floor(cardinality($1::text[]) * power(random(), 1.5))::int],
                CASE WHEN c.seq % 10 < 3
                     THEN ($2::text[])[1 + least(49, floor(50 * power(abs(sin(c.seq)), 1.3))::int)]
                     ELSE ($4::text[])[1 + (c.seq / 10 % 30)::int] || ($5::text[])[1 + (c.seq / 300 % 30)::int] END,
                date '1950-01-01' + floor(random() * 25000)::int,
                sha256((c.seq * 10 + k)::text::bytea), '\\x00', 'bench', sha256(('n' || c.seq * 10 + k)::text::bytea)
           FROM cases c CROSS JOIN generate_series(1, $3::int) k
         RETURNING id, bsn_hash)
       INSERT INTO case_persons (case_id, person_id, role, report_id)
       SELECT c.id, made.id, CASE WHEN k = 3 THEN 'child' WHEN k = 2 THEN 'suspect' ELSE 'victim' END, r.id
         FROM cases c JOIN reports r ON r.case_id = c.id CROSS JOIN generate_series(1, $3::int) k
         JOIN made ON made.bsn_hash = sha256((c.seq * 10 + k)::text::bytea)`,
        [FIRST_NAMES, COMMON_SURNAMES, PERSONS_PER_CASE, SURNAME_STARTS, SURNAME_ENDS],
      );
    });
  });
  // The BSNs searched: one person in a thousand gets a real one, under the api's keyed hash.
  const bsns: string[] = [];
  await timed('BSN hashes for the searched persons', async () => {
    const persons = (await db.query(`SELECT id FROM persons WHERE bsn_key_id = 'bench' ORDER BY id LIMIT $1`, [
      Math.max(100, Math.round((cases * PERSONS_PER_CASE) / 1000)),
    ])) as { id: string }[];
    const ids: string[] = [];
    const hashes: Buffer[] = [];
    for (let n = 10_000_000; ids.length < persons.length; n += 7) {
      const bsn = bsnOf(n);
      if (!bsn) continue;
      ids.push(persons[ids.length].id);
      hashes.push(protection.matchKey('bsn', bsn));
      bsns.push(bsn);
    }
    await db.query(
      `UPDATE persons p SET bsn_hash = u.hash FROM unnest($1::uuid[], $2::bytea[]) AS u(id, hash) WHERE p.id = u.id`,
      [ids, hashes],
    );
  });
  await timed('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
  return bsns;
}

/**
 * `GET /api/v1/search?q=` as a caseworker of the larger Veilig Thuis organisation and as the police
 * partner, by kind of query, each request with another query of that kind (a rotating list), for
 * BENCH_DURATION s (default 20) at BENCH_CONNECTIONS (default 10) connections; each beside the same
 * SQL replayed with as many PostgreSQL connections.
 */
runBench(async ({ database, startApi }) => {
  const cases = Number(process.env.BENCH_CASES ?? 100_000);
  const duration = Number(process.env.BENCH_DURATION ?? 20);
  const concurrencies = (process.env.BENCH_CONNECTIONS ?? '10').split(',').map(Number);
  const { db } = database;
  const config = loadHubConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: database.url });
  const protection = new DataProtection(config.dataKeys, config.matchingKey);
  const generating = Date.now();
  print(`generating ${cases} cases with ${PERSONS_PER_CASE} persons each:`);
  const bsns = await generate(db, cases, protection);
  const [sizes] = (await db.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM persons)::int AS persons,
            (SELECT count(*) FROM case_partners)::int AS partners`,
  )) as { cases: number; persons: number; partners: number }[];
  print(
    `generated ${sizes.cases} cases, ${sizes.persons} persons, ${sizes.partners} partner rows in ` +
      `${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );

  const [vt, police] = ['bench-0', `bench-${VT_ORGS}`];
  const bsnByHash = new Map(bsns.map((bsn) => [protection.matchKey('bsn', bsn).toString('hex'), bsn]));
  /** Queries of each kind that find something in the caller's reach, drawn from the cases it sees. */
  const queriesFor = async (slug: string): Promise<[string, string[]][]> => {
    const visible = `SELECT cp.case_id FROM case_partners cp JOIN organisations o ON o.id = cp.organisation_id
                      WHERE o.slug = '${slug}' AND cp.removed_at IS NULL`;
    const column = async (sql: string, params: unknown[] = []) =>
      ((await db.query(sql, params)) as { v: string | Buffer }[]).map((r) => r.v);
    const hashes = await column(
      `SELECT p.bsn_hash AS v FROM persons p JOIN case_persons c ON c.person_id = p.id
        WHERE c.case_id IN (${visible}) AND p.bsn_hash = ANY($1::bytea[]) LIMIT 200`,
      [[...bsnByHash.keys()].map((hex) => Buffer.from(hex, 'hex'))],
    );
    return [
      [
        'reference',
        (await column(
          `SELECT reference AS v FROM cases WHERE id IN (${visible}) ORDER BY random() LIMIT 200`,
        )) as string[],
      ],
      [
        'date of birth',
        (await column(
          `SELECT DISTINCT p.date_of_birth::text AS v FROM persons p JOIN case_persons c ON c.person_id = p.id
            WHERE c.case_id IN (${visible}) ORDER BY 1 LIMIT 200`,
        )) as string[],
      ],
      ['BSN', hashes.map((h) => bsnByHash.get((h as Buffer).toString('hex'))!)],
      [
        'full name',
        (await column(
          `SELECT p.first_name || ' ' || p.last_name AS v FROM persons p JOIN case_persons c ON c.person_id = p.id
            WHERE c.case_id IN (${visible}) GROUP BY 1 ORDER BY count(*), 1 LIMIT 200`,
        )) as string[],
      ],
      // A misspelt or accent-less common surname: what a caseworker types from a phone call.
      [
        'surname (common, fuzzy)',
        ['Jansen', 'de Vries', 'Ozdemir', 'Yilmaz', 'Celik', 'Bakkr', 'Mullder', 'van Dyk', 'Nguyen', 'Muller'],
      ],
    ];
  };
  const callers: [string, string, [string, string[]][]][] = [
    ['Veilig Thuis', `cw-${vt}@bench.example`, await queriesFor(vt)],
    ['police partner', `cw-${police}@bench.example`, await queriesFor(police)],
  ];
  const pathOf = (q: string) => `/api/v1/search?q=${encodeURIComponent(q)}`;

  const floorSql = new Map<string, CapturedStatement[]>();
  for (const [who, email, kinds] of callers) {
    for (const [kind, queries] of kinds) {
      print(`${who}, ${kind} (${queries[0]}):`);
      floorSql.set(`${who} ${kind}`, await captureGetSql(database.url, email, pathOf(queries[0])));
    }
  }

  const api = await startApi();
  print(
    `search: ${duration} s per kind and concurrency, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
  );
  for (const [who, email, kinds] of callers) {
    const headers = { authorization: `Bearer ${await login(api.url, email)}` };
    for (const [kind, queries] of kinds) {
      const found = (await (await fetch(`${api.url}${pathOf(queries[0])}`, { headers })).json()) as {
        items: unknown[];
      };
      const label = `${who}, ${kind}`;
      for (const connections of concurrencies) {
        let next = 0;
        const result = await autocannon({
          url: api.url,
          connections,
          duration,
          headers,
          requests: [{ setupRequest: (req) => ({ ...req, path: pathOf(queries[next++ % queries.length]) }) }],
        });
        print(
          `${label.padEnd(40)} ${String(connections).padStart(2)} conn ${result.requests.average.toFixed(0).padStart(5)} req/s   ` +
            `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   ` +
            `2xx ${result['2xx']}   non-2xx ${result.non2xx}   errors ${result.errors}   ` +
            `(first query ${found.items.length} hits)   load average ${loadavg()[0].toFixed(2)}`,
        );
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: failed responses`);
        await printAgainstSqlFloor(
          database.url,
          `${label} ${connections} conn`,
          { rate: result.requests.average, p99: result.latency.p99 },
          floorSql.get(`${who} ${kind}`)!,
          connections,
          duration,
        );
      }
    }
  }
});
