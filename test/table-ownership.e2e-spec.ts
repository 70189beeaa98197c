import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataSource } from 'typeorm';
import { hubMigrationDataSourceOptions } from '../apps/api/src/hub-data-source';
import { ownerUrlOf } from './support/database-urls';
import { isolatedDatabase } from './support/hub';

/**
 * Each context owns its tables (docs/architecture.md, "Bounded contexts and their tables"): only
 * its own code names them in SQL or through their entities; another context asks its services.
 */
const OWNERS: Record<string, string[]> = {
  access: [
    'organisations',
    'users',
    'refresh_tokens',
    'user_passkeys',
    'user_totp',
    'user_recovery_codes',
    'organisation_identity_providers',
  ],
  audit: ['audit_entries', 'audit_chain_heads', 'audit_checkpoints', 'audit_break_alerts'],
  cases: [
    'cases',
    'persons',
    'case_persons',
    'reports',
    'case_partners',
    'regie_assignments',
    'case_actions',
    'escalations',
    'case_notes',
    'case_events',
    'case_links',
    'case_reference_counters',
    'case_region_hits',
    'investigation_suspensions',
    'investigation_extensions',
    'restraining_orders',
    'restraining_order_breaches',
    'protective_measures',
    'approvals',
    'risk_assessments',
    'child_checks',
    'child_protection_referrals',
    'reporter_feedback',
    'follow_up_checks',
    'follow_up_reports',
    'advice_requests',
  ],
  deadlines: [
    'deadlines',
    'deadline_reminders',
    'non_working_days',
    'lead_times_by_day',
    'lead_times_by_month',
    'deadline_terms',
  ],
  notifications: ['notifications', 'notification_preferences'],
  lookups: ['source_holders', 'detail_requests'],
  meetings: ['meetings', 'meeting_participants', 'meeting_items', 'meeting_decisions', 'meeting_decision_actions'],
};

/** What TypeORM keeps for itself, owned by no context. */
const INFRASTRUCTURE = ['typeorm_migrations'];

/**
 * The views a context publishes for others to read in their own statements, and who reads each.
 * A published view projects only its owner's tables and the app role may only read it; its
 * readers are listed exactly, so a new reader is a decision made here.
 */
const PUBLISHED: { view: string; readers: string[]; why: string }[] = [
  {
    view: 'deadline_terms',
    readers: ['cases'],
    why: "a case's terms ordered and filtered by in the statement that reads the cases: the work queue's page, approvals, child and follow-up checks, the reporter's feedback term, the deadline list and the dashboard",
  },
];

const ROOT = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The code without its comments, so a table named in a comment is not a use. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Table names a file sends in SQL, and the entity classes it hands to TypeORM. */
function namedTables(source: string, tableOfEntity: Map<string, string>, tables: Set<string>): Set<string> {
  const code = withoutComments(source);
  const found = new Set<string>();
  for (const match of code.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/gi)) {
    if (tables.has(match[1])) found.add(match[1]);
  }
  const entityUse =
    /\b(?:getRepository|from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect|find\w*|count\w*|insert|update|delete|save|exists\w*)\(\s*([A-Z]\w*)\b/g;
  for (const match of code.matchAll(entityUse)) {
    const table = tableOfEntity.get(match[1]);
    if (table) found.add(table);
  }
  return found;
}

describe('table ownership', () => {
  let tables: string[];
  let tableOfEntity: Map<string, string>;
  let views: { view: string; reads: string[]; appMay: string[] }[];

  beforeAll(async () => {
    const database = await isolatedDatabase('owners');
    const dataSource = await new DataSource(
      hubMigrationDataSourceOptions(ownerUrlOf(database.url), 'vt-e2e-owners'),
    ).initialize();
    try {
      const rows = (await dataSource.query(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type IN ('BASE TABLE', 'VIEW')`,
      )) as { table_name: string }[];
      tables = rows.map((row) => row.table_name).filter((name) => !INFRASTRUCTURE.includes(name));
      views = (await dataSource.query(
        `SELECT v.table_name AS view,
                (SELECT array_agg(u.table_name::text ORDER BY u.table_name) FROM information_schema.view_table_usage u
                  WHERE u.view_schema = v.table_schema AND u.view_name = v.table_name) AS reads,
                ARRAY(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                       WHERE has_table_privilege('vt_app', format('%I', v.table_name), p)) AS "appMay"
           FROM information_schema.views v WHERE v.table_schema = current_schema()`,
      )) as { view: string; reads: string[]; appMay: string[] }[];
      tableOfEntity = new Map(
        dataSource.entityMetadatas.map((entity) => [(entity.target as { name: string }).name, entity.tableName]),
      );
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('every table of the migrated hub has exactly one owning context', () => {
    const owned = Object.values(OWNERS).flat();
    expect(owned.filter((table, i) => owned.indexOf(table) !== i)).toEqual([]);
    expect(tables.filter((table) => !owned.includes(table)).sort()).toEqual([]);
    expect(owned.filter((table) => !tables.includes(table)).sort()).toEqual([]);
  });

  it("no context names another context's tables, in SQL or through its entities, beyond the views it reads as listed", () => {
    const ownerOf = new Map(Object.entries(OWNERS).flatMap(([context, owned]) => owned.map((t) => [t, context])));
    const known = new Set(tables);
    const touched = new Map<string, string[]>();
    for (const context of Object.keys(OWNERS)) {
      for (const file of sourceFiles(join(ROOT, 'libs', context, 'src'))) {
        for (const table of namedTables(readFileSync(file, 'utf8'), tableOfEntity, known)) {
          if (ownerOf.get(table) === context) continue;
          const key = `${context} -> ${table}`;
          touched.set(key, [...(touched.get(key) ?? []), relative(ROOT, file)]);
        }
      }
    }
    // The edges hold no SQL of their own: every table is reached through a context.
    for (const app of ['api', 'worker']) {
      for (const file of sourceFiles(join(ROOT, 'apps', app, 'src'))) {
        for (const table of namedTables(readFileSync(file, 'utf8'), tableOfEntity, known)) {
          const key = `apps/${app} -> ${table}`;
          touched.set(key, [...(touched.get(key) ?? []), relative(ROOT, file)]);
        }
      }
    }
    const listed = PUBLISHED.flatMap(({ view, readers }) => readers.map((reader) => `${reader} -> ${view}`));
    expect(Object.fromEntries([...touched].filter(([key]) => !listed.includes(key)))).toEqual({});
    expect(listed.filter((key) => !touched.has(key))).toEqual([]);
  });

  it("a published view projects only its owner's tables, the app role may only read it, and every view is published", () => {
    const ownerOf = new Map(Object.entries(OWNERS).flatMap(([context, owned]) => owned.map((t) => [t, context])));
    expect(views.map(({ view }) => view).sort()).toEqual(PUBLISHED.map(({ view }) => view).sort());
    for (const { view, reads, appMay } of views) {
      expect({ view, owners: [...new Set(reads.map((table) => ownerOf.get(table)))] }).toEqual({
        view,
        owners: [ownerOf.get(view)],
      });
      expect({ view, appMay }).toEqual({ view, appMay: ['SELECT'] });
    }
  });

  it("no context and no app imports another context's entity classes: contexts export services and read models", () => {
    const ownerOf = new Map(Object.entries(OWNERS).flatMap(([context, owned]) => owned.map((t) => [t, context])));
    const found: string[] = [];
    const folders = [
      ...Object.keys(OWNERS).map((context) => ({ who: context, dir: join(ROOT, 'libs', context, 'src') })),
      ...['api', 'worker'].map((app) => ({ who: `apps/${app}`, dir: join(ROOT, 'apps', app, 'src') })),
    ];
    for (const { who, dir } of folders) {
      for (const file of sourceFiles(dir)) {
        for (const match of readFileSync(file, 'utf8').matchAll(/import (?:type )?\{([^}]*)\} from '@vt\/([\w-]+)'/g)) {
          for (const name of match[1].split(',').map(
            (part) =>
              part
                .replace(/^\s*type\s+/, '')
                .trim()
                .split(/\s+as\s+/)[0],
          )) {
            const table = tableOfEntity.get(name);
            if (table && ownerOf.get(table) !== who) found.push(`${relative(ROOT, file)}: ${name} of ${match[2]}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('finds a reach-in the way the code would write one', () => {
    const known = new Set(['users', 'cases']);
    const entities = new Map([['User', 'users']]);
    expect([...namedTables('q(`SELECT 1 FROM users u JOIN cases c ON true`)', new Map(), known)].sort()).toEqual([
      'cases',
      'users',
    ]);
    expect([...namedTables('m.getRepository(User).find()', entities, known)]).toEqual(['users']);
    expect([...namedTables('// read FROM users in a comment\nconst x = 1;', new Map(), known)]).toEqual([]);
  });
});
