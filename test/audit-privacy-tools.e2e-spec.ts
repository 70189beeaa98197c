import { randomUUID } from 'node:crypto';
import { AuditInput, AuditService } from '../libs/audit/src';
import { transactionOf } from '../libs/database/src/transaction-handle';
import { auditOf, expectError, openCase } from './support/cases';
import { call, createOrganisation, createUser, Hub, login, startHub, TestOrganisation } from './support/hub';

interface Entry {
  id: string;
  chainId: string;
  seq: string;
  action: string;
  subjectType: string;
  caseId: string | null;
  actorUserId: string | null;
  actor: { name: string; organisationName: string } | null;
}

/** An answer of the search (or the error body of a refused one). */
interface Page extends Record<string, unknown> {
  items: Entry[];
  nextCursor: string | null;
}

/** RFC 4180 with semicolons: quoted cells may hold separators, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ';') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (ch === '"' || ch === '\r' || ch === '\n') {
      throw new Error(`malformed CSV at ${i}: ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** An Amsterdam calendar day, `days` from today. */
const amsterdamDay = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

describe('audit log: the privacy officer’s tools', () => {
  let hub: Hub;
  let audit: AuditService;

  beforeAll(async () => {
    hub = await startHub();
    audit = hub.app.get(AuditService);
  });
  afterAll(() => hub.close());

  /** A Veilig Thuis organisation with a named caseworker and a privacy officer, both logged in. */
  async function organisation(name: string) {
    const org = await createOrganisation(hub.db, 'veilig_thuis');
    await hub.db.query(`UPDATE organisations SET name = $2 WHERE id = $1`, [org.id, name]);
    const caseworker = await createUser(hub.db, org.id, ['caseworker']);
    const officer = await createUser(hub.db, org.id, ['privacy_officer']);
    return {
      org,
      caseworker,
      caseworkerToken: await login(hub, caseworker.email),
      officerToken: await login(hub, officer.email),
    };
  }

  /** A chained entry as the application writes it, for actors and content no request makes. */
  const record = (org: TestOrganisation, input: Partial<AuditInput>) =>
    audit.record({
      action: 'read',
      subjectType: 'Case',
      outcome: 'success',
      actorOrganisationId: org.id,
      subjectOrganisationId: org.id,
      ...input,
    });

  const search = (token: string, query: string) => call<Page>(hub, 'GET', `/api/v1/audit?${query}`, { token });

  describe('search by case reference', () => {
    it('finds the entries about the own case; another organisation’s reference answers as an unknown one', async () => {
      const a = await organisation('Veilig Thuis Aland');
      const b = await organisation('Veilig Thuis Beland');
      const own = await openCase(hub, a.caseworkerToken);
      // Each organisation numbers its own cases, so b's first case carries the same reference.
      const same = await openCase(hub, b.caseworkerToken);
      const other = await openCase(hub, b.caseworkerToken);
      expect(same.reference).toBe(own.reference);
      expect(other.reference).not.toBe(own.reference);
      expect((await call(hub, 'GET', `/api/v1/cases/${same.id}`, { token: b.caseworkerToken })).status).toBe(200);

      const found = await search(a.officerToken, `reference=${own.reference}`);
      expect(found.status).toBe(200);
      expect(found.body.items.length).toBeGreaterThan(0);
      expect(new Set(found.body.items.map((e) => e.caseId))).toEqual(new Set([own.id]));
      expect(found.body.items).toContainEqual(
        expect.objectContaining({ action: 'create', subjectType: 'Case', caseId: own.id }),
      );

      const foreign = await search(a.officerToken, `reference=${other.reference}`);
      const unknown = await search(a.officerToken, 'reference=VT-2026-999999');
      expect({ status: foreign.status, body: foreign.body }).toEqual({
        status: 200,
        body: { items: [], nextCursor: null },
      });
      expect({ status: unknown.status, body: unknown.body }).toEqual({
        status: 200,
        body: { items: [], nextCursor: null },
      });
      // With a case id as well, only that case, and only if it carries the reference.
      expect((await search(a.officerToken, `reference=${own.reference}&caseId=${same.id}`)).body.items).toEqual([]);
      const both = await search(a.officerToken, `reference=${own.reference}&caseId=${own.id}`);
      expect(both.body.items.map((e) => e.id)).toEqual(found.body.items.map((e) => e.id));
    });

    it('sees the own caseworker’s attempt on another organisation’s case by its reference', async () => {
      const a = await organisation('Veilig Thuis Ceeland');
      const b = await organisation('Veilig Thuis Deeland');
      await openCase(hub, b.caseworkerToken);
      const target = await openCase(hub, b.caseworkerToken);
      expect((await call(hub, 'GET', `/api/v1/cases/${target.id}`, { token: a.caseworkerToken })).status).toBe(404);

      const found = await search(a.officerToken, `reference=${target.reference}`);
      expect(found.body.items.map((e) => ({ actorUserId: e.actorUserId, caseId: e.caseId }))).toEqual([
        { actorUserId: a.caseworker.id, caseId: target.id },
      ]);
    });

    it('refuses a malformed reference with 400 at the field', async () => {
      const a = await organisation('Veilig Thuis Eeland');
      for (const reference of ['VT-2026-12', 'vt-2026-000001', 'VT-2026-000001%27', '']) {
        expectError(
          await search(a.officerToken, `reference=${encodeURIComponent(reference)}`),
          400,
          'common.validation',
          'reference',
        );
      }
    });
  });

  it('names each entry’s actor and organisation, and null for an anonymous or removed actor', async () => {
    const a = await organisation('Veilig Thuis Efland');
    await hub.db.query(`UPDATE users SET name = 'Anna Jansen' WHERE id = $1`, [a.caseworker.id]);
    expect((await call(hub, 'GET', '/api/v1/me', { token: a.caseworkerToken })).status).toBe(200);
    const gone = randomUUID();
    await record(a.org, { actorUserId: gone, purpose: 'verdwenen gebruiker' });
    await record(a.org, { actorOrganisationId: null, actorUserId: null, purpose: 'anoniem' });

    const page = await search(a.officerToken, 'limit=200');
    expect(page.status).toBe(200);
    const mine = page.body.items.filter((e) => e.actorUserId === a.caseworker.id);
    expect(mine.length).toBeGreaterThan(0);
    for (const entry of mine) {
      expect(entry.actor).toEqual({ name: 'Anna Jansen', organisationName: 'Veilig Thuis Efland' });
    }
    expect(page.body.items.find((e) => e.actorUserId === gone)?.actor).toBeNull();
    const anonymous = page.body.items.find((e) => e.actorUserId === null);
    expect(anonymous).toBeDefined();
    expect(anonymous?.actor).toBeNull();
  });

  describe('export as CSV', () => {
    const exportCsv = (token: string, from: string, to: string) =>
      call(hub, 'GET', `/api/v1/audit/export.csv?from=${from}&to=${to}`, { token });

    it('gives every entry of the period in scope, in Dutch columns, quoted and safe to open', async () => {
      const a = await organisation('Veilig Thuis "Gé" Land');
      const b = await organisation('Veilig Thuis Haland');
      await hub.db.query(`UPDATE users SET name = $2 WHERE id = $1`, [a.caseworker.id, '=HYPERLINK("x";"José")']);
      expect((await call(hub, 'GET', '/api/v1/me', { token: a.caseworkerToken })).status).toBe(200);
      expect((await call(hub, 'GET', '/api/v1/me', { token: b.caseworkerToken })).status).toBe(200);
      await record(a.org, {
        actorUserId: a.caseworker.id,
        subjectId: '+31 6 12345678',
        onBehalfOf: '@SUM(A1)',
        purpose: 'regel 1; "twee"\r\nregel 2',
        legalBasis: '-1+1',
        requestId: '\tverborgen',
        clientAddress: '\rterug',
      });
      // More than two chunks of the export, to see none lost or repeated at their seams.
      await hub.db.transaction((manager) =>
        audit.recordManyWithin(
          transactionOf(manager),
          Array.from({ length: 2100 }, (_, i) => ({
            action: 'read' as const,
            subjectType: 'Case',
            subjectId: `bulk-${i}`,
            outcome: 'success' as const,
            actorUserId: a.caseworker.id,
            actorOrganisationId: a.org.id,
            subjectOrganisationId: a.org.id,
          })),
        ),
      );

      const res = await exportCsv(a.officerToken, amsterdamDay(-1), amsterdamDay(1));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="auditlog-${amsterdamDay(-1)}-${amsterdamDay(1)}.csv"`,
      );
      const [header, ...rows] = parseCsv(res.text);
      expect(header).toEqual([
        'Keten',
        'Volgnummer',
        'Tijdstip (UTC)',
        'Handeling',
        'Uitkomst',
        'Onderwerp',
        'Onderwerp-id',
        'Organisatie van het onderwerp',
        'Casus-id',
        'Gebruiker',
        'Organisatie van de gebruiker',
        'Gebruiker-id',
        'Organisatie-id van de gebruiker',
        'Rollen',
        'Namens',
        'Personen',
        'Doel',
        'Grondslag',
        'Verzoek-id',
        'Adres van de client',
        'Hash',
      ]);
      for (const row of rows) expect(row).toHaveLength(header.length);
      const column = (name: string) => header.indexOf(name);
      // Every entry a's privacy officer may see (the export's own included: it is written first),
      // oldest first; all of them in a's chain here, and nothing of b's.
      const [{ n }] = (await hub.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE actor_organisation_id = $1 OR subject_organisation_id = $1`,
        [a.org.id],
      )) as { n: number }[];
      expect(rows).toHaveLength(n);
      expect(rows.filter((r) => r[column('Onderwerp-id')].startsWith('bulk-'))).toHaveLength(2100);
      expect(rows.every((r) => r[column('Keten')] === a.org.id)).toBe(true);
      expect(rows.map((r) => Number(r[column('Volgnummer')]))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(rows[n - 1][column('Handeling')]).toBe('export');

      const tricky = rows.find((r) => r[column('Namens')] !== '')!;
      expect({
        user: tricky[column('Gebruiker')],
        organisation: tricky[column('Organisatie van de gebruiker')],
        subjectId: tricky[column('Onderwerp-id')],
        onBehalfOf: tricky[column('Namens')],
        purpose: tricky[column('Doel')],
        legalBasis: tricky[column('Grondslag')],
        requestId: tricky[column('Verzoek-id')],
        clientAddress: tricky[column('Adres van de client')],
      }).toEqual({
        user: `'=HYPERLINK("x";"José")`,
        organisation: 'Veilig Thuis "Gé" Land',
        subjectId: "'+31 6 12345678",
        onBehalfOf: "'@SUM(A1)",
        purpose: 'regel 1; "twee"\r\nregel 2',
        legalBasis: "'-1+1",
        requestId: "'\tverborgen",
        clientAddress: "'\rterug",
      });
      // On the wire: quoted where a separator, quote or line break is inside, quotes doubled.
      expect(res.text).toContain(`;"'=HYPERLINK(""x"";""José"")";"Veilig Thuis ""Gé"" Land";`);
    });

    it('is audited as an export of the audit log', async () => {
      const a = await organisation('Veilig Thuis Ieland');
      const res = await exportCsv(a.officerToken, amsterdamDay(0), amsterdamDay(0));
      expect(res.status).toBe(200);
      expect(await auditOf(hub, res)).toEqual([
        { action: 'export', subject_type: 'AuditEntry', case_id: null, outcome: 'success' },
      ]);
    });

    it('gives only the header for a period without entries', async () => {
      const a = await organisation('Veilig Thuis Jeland');
      const res = await exportCsv(a.officerToken, '2025-01-01', '2025-01-31');
      expect(res.status).toBe(200);
      expect(parseCsv(res.text)).toHaveLength(1);
      // UTF-8 with its byte order mark, which text() drops: a spreadsheet reads the accents right.
      const raw = await fetch(`${hub.url}/api/v1/audit/export.csv?from=2025-01-01&to=2025-01-31`, {
        headers: { authorization: `Bearer ${a.officerToken}` },
      });
      expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 5)]).toEqual([0xef, 0xbb, 0xbf, 0x4b, 0x65]);
    });

    it('needs a period of real days, in order, of at most 366 days', async () => {
      const a = await organisation('Veilig Thuis Keland');
      const refused = [
        ['from', '/api/v1/audit/export.csv?to=2026-01-31'],
        ['to', '/api/v1/audit/export.csv?from=2026-01-01'],
        ['from', '/api/v1/audit/export.csv?from=2026-02-30&to=2026-03-31'],
        ['to', '/api/v1/audit/export.csv?from=2026-03-01&to=2026-02-28'],
        ['to', '/api/v1/audit/export.csv?from=2025-01-01&to=2026-01-02'],
        ['from', '/api/v1/audit/export.csv?from=2026-01-01T00:00:00Z&to=2026-01-31'],
      ];
      for (const [field, path] of refused) {
        const res = await call(hub, 'GET', path, { token: a.officerToken });
        expectError(res, 400, 'common.validation', field);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      // A leap year whole: 366 days.
      expect((await exportCsv(a.officerToken, '2024-01-01', '2024-12-31')).status).toBe(200);
    });

    it('is for privacy officers only', async () => {
      const a = await organisation('Veilig Thuis Leland');
      expect((await exportCsv(a.caseworkerToken, amsterdamDay(0), amsterdamDay(0))).status).toBe(403);
    });
  });

  describe('positions in the own chain (fromSeq, toSeq)', () => {
    it('gives the entries at those positions of the caller’s own chain only', async () => {
      const a = await organisation('Veilig Thuis Meland');
      const b = await organisation('Veilig Thuis Neland');
      for (let i = 0; i < 4; i++) {
        expect((await call(hub, 'GET', '/api/v1/me', { token: a.caseworkerToken })).status).toBe(200);
      }
      // b's chain, about a: a's privacy officer sees it in a search, but it is not a's chain.
      await record(b.org, { subjectOrganisationId: a.org.id, purpose: 'b over a' });
      const all = await search(a.officerToken, 'limit=200');
      expect(all.body.items.some((e) => e.chainId === b.org.id)).toBe(true);

      const range = await search(a.officerToken, 'fromSeq=2&toSeq=4');
      expect(range.status).toBe(200);
      expect(range.body.items.map((e) => ({ chainId: e.chainId, seq: e.seq }))).toEqual([
        { chainId: a.org.id, seq: '4' },
        { chainId: a.org.id, seq: '3' },
        { chainId: a.org.id, seq: '2' },
      ]);
      const from = await search(a.officerToken, 'fromSeq=5&limit=200');
      expect(from.body.items.length).toBeGreaterThan(0);
      expect(from.body.items.every((e) => e.chainId === a.org.id && BigInt(e.seq) >= 5n)).toBe(true);
      const to = await search(a.officerToken, 'toSeq=1');
      expect(to.body.items.map((e) => [e.chainId, e.seq])).toEqual([[a.org.id, '1']]);
      // Positions past the end of the chain hold nothing.
      expect((await search(a.officerToken, 'fromSeq=100000&toSeq=100010')).body.items).toEqual([]);
    });

    it('refuses a position that is not a decimal bigint, and a range that ends before it starts', async () => {
      const a = await organisation('Veilig Thuis Oland');
      for (const [field, query] of [
        ['fromSeq', 'fromSeq=abc'],
        ['fromSeq', 'fromSeq=-1'],
        ['toSeq', 'toSeq=1.5'],
        ['toSeq', `toSeq=${2n ** 63n}`],
        ['toSeq', 'fromSeq=10&toSeq=9'],
      ]) {
        expectError(await search(a.officerToken, query), 400, 'common.validation', field);
      }
    });
  });
});
