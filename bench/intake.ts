import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { bsns, household, Household, hubDataProtection, pick, protectPerson, random } from './case-data';
import { paced, PacedResult, percentile } from './paced';
import {
  captureRequestSql,
  createOrganisationWithUsers,
  indexesBuiltAfter,
  login,
  print,
  printAgainstFloor,
  runBench,
} from './support';

const DAY = 86_400_000;
// Eleven parameter arrays of 5,000 values: one INSERT per batch.
const BATCH = 5_000;
const VIOLENCE = ['partner_violence', 'child_abuse', 'psychological', 'stalking', 'financial'];
const RED_FLAGS = ['strangulation', 'threat_to_kill', 'weapon', 'separation', 'coercive_control', 'victim_fear'];
const CHANNELS = ['phone', 'email', 'police', 'professional', 'chat'];
const HISTORY_TABLES = ['persons', 'cases', 'reports', 'case_persons', 'case_partners', 'deadlines', 'case_links'];

interface Generated {
  households: Household[];
  /** Index of the household of each case, and its received time. */
  caseHousehold: number[];
  received: Date[];
}

/**
 * The receiving organisation's history: `total` cases over five years up to yesterday, about one
 * case in four about a household reported before, with the persons, reports, network rows, deadlines
 * and radar links the intake itself would have written.
 */
async function generateHistory(
  db: Pick<DataSource, 'query'>,
  organisationId: string,
  workers: string[],
  total: number,
): Promise<Generated> {
  const rnd = random(20261123);
  const protection = hubDataProtection();
  const nextBsn = (() => {
    const it = bsns(10_000_000);
    return () => it.next().value as string;
  })();
  const householdCount = Math.round(total / 1.3);
  const households = Array.from({ length: householdCount }, () => household(rnd, nextBsn, rnd() < 0.6));
  const caseHousehold = Array.from({ length: total }, (_, i) =>
    i < householdCount ? i : Math.floor(rnd() * householdCount),
  );
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [caseHousehold[i], caseHousehold[j]] = [caseHousehold[j], caseHousehold[i]];
  }
  const now = Date.now();
  const span = 5 * 365 * DAY;
  // Ends a day ago, so earlier reports are never later than the benchmark's own.
  const received = Array.from({ length: total }, (_, i) => new Date(now - DAY - span + ((i + rnd()) * span) / total));

  // Persons: one row per household member, as the radar would have kept them.
  const personIds = households.map((h) => ({
    victim: randomUUID(),
    suspect: randomUUID(),
    child: h.child ? randomUUID() : null,
  }));
  const personRows: [string, ReturnType<typeof protectPerson>, Household['victim']][] = [];
  households.forEach((h, i) => {
    personRows.push([personIds[i].victim, protectPerson(protection, h.victim), h.victim]);
    personRows.push([personIds[i].suspect, protectPerson(protection, h.suspect), h.suspect]);
    if (h.child) personRows.push([personIds[i].child!, protectPerson(protection, h.child), h.child]);
  });
  for (let first = 0; first < personRows.length; first += BATCH) {
    const rows = personRows.slice(first, first + BATCH);
    await db.query(
      `INSERT INTO persons (id, organisation_id, first_name, last_name, date_of_birth, bsn_ciphertext, bsn_key_id, bsn_hash, name_key)
       SELECT id, $1, f, l, d::date, decode(bc, 'hex'), k, decode(bh, 'hex'), decode(nk, 'hex')
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
           AS x(id, f, l, d, bc, k, bh, nk)`,
      [
        organisationId,
        rows.map((r) => r[0]),
        rows.map((r) => r[2].firstName),
        rows.map((r) => r[2].lastName),
        rows.map((r) => r[2].dateOfBirth),
        rows.map((r) => r[1].bsnCiphertext),
        rows.map((r) => r[1].bsnKeyId),
        rows.map((r) => r[1].bsnHash),
        rows.map((r) => r[1].nameKey),
      ],
    );
  }

  // Cases in time order, so `seq` follows receipt as it does in production.
  const perYear = new Map<number, number>();
  for (let first = 0; first < total; first += BATCH) {
    const cols = {
      id: [] as string[],
      ref: [] as string[],
      phase: [] as string[],
      acute: [] as boolean[],
      received: [] as string[],
      regisseur: [] as (string | null)[],
      violence: [] as string[],
      flags: [] as string[],
      risk: [] as string[],
      closed: [] as (string | null)[],
      assessed: [] as (string | null)[],
      report: [] as string[],
      channel: [] as string[],
      reporter: [] as string[],
      creator: [] as string[],
    };
    const involvements = {
      caseId: [] as string[],
      personId: [] as string[],
      role: [] as string[],
      report: [] as string[],
    };
    for (let i = first; i < Math.min(first + BATCH, total); i++) {
      const at = received[i];
      const age = (now - at.getTime()) / DAY;
      const year = at.getUTCFullYear();
      const number = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, number);
      const phase =
        age < 8
          ? 'triage'
          : age < 90
            ? pick(rnd, ['investigation', 'follow_up', 'follow_up', 'closed'])
            : rnd() < 0.95
              ? 'closed'
              : 'follow_up';
      const h = households[caseHousehold[i]];
      const id = randomUUID();
      const reportId = randomUUID();
      cols.id.push(id);
      cols.ref.push(`VT-${year}-${String(number).padStart(6, '0')}`);
      cols.phase.push(phase);
      cols.acute.push(rnd() < 0.05);
      cols.received.push(at.toISOString());
      cols.regisseur.push(phase === 'triage' && rnd() < 0.5 ? null : pick(rnd, workers));
      cols.violence.push(h.child ? 'partner_violence,child_abuse' : pick(rnd, VIOLENCE));
      cols.flags.push(RED_FLAGS.filter(() => rnd() < 0.15).join(','));
      cols.risk.push(pick(rnd, ['low', 'low', 'elevated', 'elevated', 'high', 'critical']));
      cols.closed.push(
        phase === 'closed' ? new Date(at.getTime() + rnd() * Math.min(age, 120) * DAY).toISOString() : null,
      );
      cols.assessed.push(phase === 'triage' ? null : new Date(at.getTime() + 3 * DAY).toISOString());
      cols.report.push(reportId);
      cols.channel.push(pick(rnd, CHANNELS));
      cols.reporter.push(
        protection
          .seal(JSON.stringify({ name: 'Buurvrouw', phone: '0612345678' }), 'reporter')
          .ciphertext.toString('hex'),
      );
      cols.creator.push(pick(rnd, workers));
      const ids = personIds[caseHousehold[i]];
      for (const [role, personId] of [
        ['victim', ids.victim],
        ['suspect', ids.suspect],
        ['child', ids.child],
      ] as const) {
        if (!personId) continue;
        involvements.caseId.push(id);
        involvements.personId.push(personId);
        involvements.role.push(role);
        involvements.report.push(reportId);
      }
    }
    await db.query(
      `INSERT INTO cases (id, reference, organisation_id, phase, acute, received_at, regie_organisation_id,
           regisseur_user_id, violence_types, red_flags, risk_level, risk_reasons, closed_at, close_reason,
           assessed_at, assessment_outcome, assessment_decision, created_at, updated_at)
       SELECT id, ref, $1, phase, acute, rec, $1, reg, string_to_array(vt, ','), string_to_array(rf, ','), risk, '{}',
              closed, CASE WHEN closed IS NOT NULL THEN 'afgerond' END, assessed,
              CASE WHEN assessed IS NOT NULL THEN 'structural_unsafe' END,
              CASE WHEN assessed IS NOT NULL THEN CASE phase WHEN 'investigation' THEN 'investigation' ELSE 'follow_up' END END,
              rec, coalesce(closed, rec)
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::uuid[], $8::text[],
                     $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
           WITH ORDINALITY AS x(id, ref, phase, acute, rec, reg, vt, rf, risk, closed, assessed, n)
        ORDER BY n`,
      [
        organisationId,
        cols.id,
        cols.ref,
        cols.phase,
        cols.acute,
        cols.received,
        cols.regisseur,
        cols.violence,
        cols.flags,
        cols.risk,
        cols.closed,
        cols.assessed,
      ],
    );
    await db.query(
      `INSERT INTO reports (id, case_id, organisation_id, received_at, acute, channel, reporter_kind,
           reporter_ciphertext, reporter_key_id, violence_types, red_flags, narrative, created_by, created_at)
       SELECT r, c, $1, rec, acute, ch, 'citizen', decode(rep, 'hex'), $2, string_to_array(vt, ','),
              string_to_array(rf, ','), 'Melder hoorde geschreeuw.', u, rec
         FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::boolean[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::uuid[]) AS x(r, c, rec, acute, ch, rep, vt, rf, u)`,
      [
        organisationId,
        protection.seal('', 'reporter').keyId,
        cols.report,
        cols.id,
        cols.received,
        cols.acute,
        cols.channel,
        cols.reporter,
        cols.violence,
        cols.flags,
        cols.creator,
      ],
    );
    await db.query(
      `INSERT INTO case_persons (case_id, person_id, role, report_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[])`,
      [involvements.caseId, involvements.personId, involvements.role, involvements.report],
    );
  }

  await db.query(
    `INSERT INTO case_partners (case_id, case_seq, organisation_id, legal_basis, legal_basis_ref, categories, added_at)
     SELECT id, seq, organisation_id, 'statutory', 'Wmo 2015 art. 4.1.1', ARRAY['basic','safety','narrative'], received_at
       FROM cases ORDER BY seq`,
  );
  // The safety assessment of every case (open while in triage), the investigation term where decided.
  await db.query(
    `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status, completed_at, late_working_days)
     SELECT id, 'safety_assessment', received_at, received_at + interval '7 days',
            CASE WHEN phase = 'triage' THEN 'open' ELSE 'met' END, assessed_at,
            CASE WHEN phase = 'triage' THEN NULL ELSE 0 END
       FROM cases`,
  );
  await db.query(
    `INSERT INTO deadlines (case_id, kind, starts_at, due_at, status)
     SELECT id, 'investigation', assessed_at, assessed_at + interval '10 weeks', 'open'
       FROM cases WHERE phase = 'investigation'`,
  );
  // The radar's links between cases of the same household, from the later case to the earlier.
  await db.query(
    `INSERT INTO case_links (case_id, related_case_id, reason)
     SELECT DISTINCT later.case_id, earlier.case_id, 'shared_person'
       FROM case_persons later
       JOIN case_persons earlier ON earlier.person_id = later.person_id AND earlier.case_id <> later.case_id
       JOIN cases lc ON lc.id = later.case_id
       JOIN cases ec ON ec.id = earlier.case_id AND ec.seq < lc.seq`,
  );
  for (const [year, last] of perYear) {
    await db.query(`INSERT INTO case_reference_counters (organisation_id, year, last_number) VALUES ($1, $2, $3)`, [
      organisationId,
      year,
      last,
    ]);
  }
  return { households, caseHousehold, received };
}

/**
 * `POST /api/v1/cases` with three persons at a fixed rate (BENCH_RATE, default 50 requests/s) for
 * BENCH_DURATION s (default 30), against an organisation holding BENCH_CASES (default 100,000)
 * earlier cases. About three in ten reports concern a household the organisation already knows,
 * so the radar links them; the rest are new people.
 */
runBench(async ({ database, startApi }) => {
  const total = Number(process.env.BENCH_CASES ?? 100_000);
  const rate = Number(process.env.BENCH_RATE ?? 50);
  const duration = Number(process.env.BENCH_DURATION ?? 30);
  const { db } = database;
  const { organisationId, users } = await createOrganisationWithUsers(db, [
    ['caseworker'],
    ...Array.from({ length: 20 }, () => ['caseworker']),
  ]);
  const generating = Date.now();
  // One session without the application's statement timeout: at 1,000,000 cases some statements
  // write millions of rows.
  const loader = db.createQueryRunner();
  await loader.query('SET statement_timeout = 0');
  const history = await indexesBuiltAfter(loader, HISTORY_TABLES, () =>
    generateHistory(
      loader,
      organisationId,
      users.map((u) => u.id),
      total,
    ),
  );
  // A live database has been vacuumed and analysed by autovacuum; a freshly loaded one has not.
  await loader.query('VACUUM ANALYZE');
  await loader.release();
  const [counts] = (await db.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM persons)::int AS persons,
            (SELECT count(*) FROM case_persons)::int AS involvements, (SELECT count(*) FROM case_links)::int AS links`,
  )) as { cases: number; persons: number; involvements: number; links: number }[];
  print(
    `generated ${counts.cases} cases, ${counts.persons} persons, ${counts.involvements} involvements, ` +
      `${counts.links} radar links in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
  );

  const rnd = random(7);
  const nextBsn = (() => {
    const it = bsns(60_000_000);
    return () => it.next().value as string;
  })();
  const newest = history.received.length - 1;
  const body = () => {
    let persons: Household;
    const roll = rnd();
    if (roll < 0.1) {
      // A household reported in the last year: a repeat within 12 months.
      const i = newest - Math.floor(rnd() * Math.min(newest, total / 5));
      persons = history.households[history.caseHousehold[i]];
    } else if (roll < 0.3) {
      persons = history.households[Math.floor(rnd() * history.households.length)];
    } else {
      persons = household(rnd, nextBsn, true);
    }
    const child = persons.child ?? household(rnd, nextBsn, true).child!;
    const person = (role: string, p: Household['victim']) => ({
      role,
      ...(p.bsn ? { bsn: p.bsn } : {}),
      firstName: p.firstName,
      lastName: p.lastName,
      dateOfBirth: p.dateOfBirth,
    });
    return JSON.stringify({
      receivedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      acute: rnd() < 0.05,
      channel: pick(rnd, CHANNELS),
      reporter: { kind: 'citizen', name: 'Buurvrouw', phone: '0612345678' },
      persons: [person('victim', persons.victim), person('suspect', persons.suspect), person('child', child)],
      violenceTypes: ['partner_violence', 'child_abuse'],
      redFlags: RED_FLAGS.filter(() => rnd() < 0.15),
      narrative: 'Melder hoorde geschreeuw.',
    });
  };
  // The floor: intakes of one organisation queue on its reference counter, which stays locked from
  // the counter's update to the commit. The database's own time for those statements, from its log
  // for one intake, bounds how fast intakes can follow each other; the api's hold is the wall time.
  let captureToken: string | undefined;
  const intake = await captureRequestSql(database.url, async (capture) => {
    captureToken ??= await login(capture.url, users[0].email);
    const res = await fetch(`${capture.url}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${captureToken}`, 'content-type': 'application/json' },
      body: body(),
    });
    if (!res.ok) throw new Error(`POST /cases: ${res.status}`);
    await res.arrayBuffer();
  });
  const locked = intake.findIndex((s) => s.text.includes('case_reference_counters'));
  const committed = intake.findIndex((s, i) => i > locked && /^\s*COMMIT\s*$/i.test(s.text));
  if (locked < 0 || committed < 0) throw new Error('the captured intake has no counter update and commit');
  const held = intake.slice(locked, committed + 1);
  const databaseHeld = held.reduce((sum, s) => sum + s.durationMs, 0);
  const apiHeld = held[held.length - 1].endedAt - (held[0].endedAt - held[0].durationMs);
  print(`one intake: ${intake.length} statements, ${held.length} of them with the reference counter locked`);
  printAgainstFloor(
    'counter held per intake',
    { value: apiHeld, unit: 'ms' },
    { value: databaseHeld, unit: 'ms' },
    'database time of the same statements',
  );

  const api = await startApi();
  const token = await login(api.url, users[0].email);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const run = (seconds: number) =>
    paced(api.url, rate, seconds, () => ({ method: 'POST', path: '/api/v1/cases', headers, body: body() }));
  const failed = (result: PacedResult) =>
    new Error(`failed responses: ${[...result.failures].map(([why, n]) => `${n}x ${why}`).join(', ')}`);

  // A short warm-up at the same rate (JIT, pools), not counted.
  const warm = await run(3);
  if (warm.failed > 0) throw failed(warm);
  const [{ before }] = (await db.query(`SELECT max(seq)::text AS before FROM cases`)) as { before: string }[];

  print(
    `intake: POST /api/v1/cases with 3 persons, ${rate} req/s offered for ${duration} s (open loop), ` +
      `${total} earlier cases, ${new Date().toISOString()}, load average ${loadavg()[0].toFixed(2)}`,
  );
  const result = await run(duration);
  const ms = (p: number) => percentile(result.latencies, p).toFixed(0);
  print(
    `POST /api/v1/cases  ${(result.ok / result.elapsed).toFixed(1)} req/s answered   p50 ${ms(50)} ms   ` +
      `p90 ${ms(90)} ms   p99 ${ms(99)} ms   max ${ms(100)} ms   2xx ${result.ok}   failed ${result.failed}`,
  );
  if (result.failed > 0) throw failed(result);

  // Soundness: every answered intake is one case, the references stayed gapless, the radar ran.
  const [check] = (await db.query(
    `WITH fresh AS (SELECT id, repeat_within_12_months FROM cases WHERE seq > $1)
     SELECT (SELECT count(*) FROM fresh)::int AS created,
            (SELECT count(*) FROM fresh WHERE EXISTS (SELECT 1 FROM case_links l WHERE l.case_id = fresh.id))::int AS linked,
            (SELECT count(*) FROM fresh WHERE repeat_within_12_months)::int AS repeats,
            (SELECT last_number FROM case_reference_counters WHERE organisation_id = $2 AND year = $3) AS last_number,
            (SELECT count(*) FROM cases WHERE organisation_id = $2 AND reference LIKE 'VT-' || $3 || '-%')::int AS numbered`,
    [before, organisationId, new Date().getUTCFullYear()],
  )) as { created: number; linked: number; repeats: number; last_number: number; numbered: number }[];
  print(
    `cases created: ${check.created} (2xx ${result.ok}); radar linked ${check.linked}, repeat within 12 months ` +
      `${check.repeats}; references this year: ${check.numbered}, counter ${check.last_number}`,
  );
  if (check.created !== result.ok) throw new Error('created cases do not match answered intakes');
  if (check.numbered !== check.last_number) throw new Error('references are not gapless');

  // 200 intakes at once (issue 21: 0 errors, p99 under 500 ms). They line up on the counter, so the
  // 198th cannot answer before 198 holds of the counter's database time.
  const together = Number(process.env.BENCH_TOGETHER ?? 200);
  const [{ seq }] = (await db.query(`SELECT max(seq)::text AS seq FROM cases`)) as { seq: string }[];
  const burst = await Promise.all(
    Array.from({ length: together }, async () => {
      const started = performance.now();
      try {
        const res = await fetch(`${api.url}/api/v1/cases`, { method: 'POST', headers, body: body() });
        await res.arrayBuffer();
        return { ms: performance.now() - started, failure: res.status === 201 ? undefined : `${res.status}` };
      } catch (error) {
        return { ms: performance.now() - started, failure: String(error) };
      }
    }),
  );
  const times = burst.map((b) => b.ms).sort((a, b) => a - b);
  const failures = burst.filter((b) => b.failure !== undefined);
  const [{ made }] = (await db.query(`SELECT count(*)::int AS made FROM cases WHERE seq > $1`, [seq])) as {
    made: number;
  }[];
  print(
    `POST /api/v1/cases  ${together} at once   p50 ${percentile(times, 50).toFixed(0)} ms   p99 ${percentile(times, 99).toFixed(0)} ms   ` +
      `max ${times[times.length - 1].toFixed(0)} ms   errors ${failures.length}` +
      `${failures.length > 0 ? ` (${[...new Set(failures.map((f) => f.failure))].join(', ')})` : ''}   cases created ${made}`,
  );
  const inLine = Math.ceil(0.99 * together);
  printAgainstFloor(
    `${together} at once p99`,
    { value: percentile(times, 99), unit: 'ms' },
    { value: inLine * databaseHeld, unit: 'ms' },
    `${inLine} in line on the counter`,
  );
  if (made !== together - failures.length) throw new Error('created cases do not match answered intakes');
  if (failures.length > 0) throw new Error(`${failures.length} of ${together} intakes at once failed`);
});
