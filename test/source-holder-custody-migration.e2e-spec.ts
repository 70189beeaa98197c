import { DataSource } from 'typeorm';
import { sourceHolderDataSourceOptions } from '../apps/source-holder/src/source-holder-data-source';
import { gezagResponseProblems } from '../libs/lookups-protocol/src';
import { sourceHolderDatabase } from './support/source-holder';

/** Rows of the earlier custody protocol, one per case the conversion has to tell apart; keyed `a`…`e` × 64. */
const EARLIER: Record<string, unknown[]> = {
  a: [
    {
      type: 'TweehoofdigOuderlijkGezag',
      gezagsdragers: [
        { soort: 'ouder', naam: 'Anna', burgerservicenummer: '123456782' },
        { soort: 'ouder', naam: 'Bram', burgerservicenummer: '111222333' },
      ],
      inOnderzoek: false,
    },
  ],
  b: [
    {
      type: 'GezamenlijkGezag',
      gezagsdragers: [
        { soort: 'ouder', naam: 'Lotte', burgerservicenummer: '100617682' },
        { soort: 'derde', naam: 'Joris', burgerservicenummer: '100665196' },
      ],
      inOnderzoek: true,
    },
  ],
  c: [
    {
      type: 'Voogdij',
      gezagsdragers: [{ soort: 'instelling', naam: 'GI' }],
      inOnderzoek: false,
      toelichting: 'Voogdij bij een GI',
    },
  ],
  // Two-headed custody with one parent named cannot be written in the published form.
  d: [
    {
      type: 'TweehoofdigOuderlijkGezag',
      gezagsdragers: [{ soort: 'ouder', naam: 'Anna', burgerservicenummer: '123456782' }],
      inOnderzoek: false,
    },
  ],
  e: [{ type: 'TijdelijkGeenGezag', gezagsdragers: [], inOnderzoek: false, toelichting: 'geschorst' }],
};

describe('source-holder migration: custody rows into the BRP API Gezag form, and back', () => {
  let database: Awaited<ReturnType<typeof sourceHolderDatabase>>;
  let db: DataSource;

  const rows = async () =>
    Object.fromEntries(
      (
        (await db.query(`SELECT left(subject_key, 1) AS k, custody FROM custody_records ORDER BY 1`)) as {
          k: string;
          custody: unknown[];
        }[]
      ).map((row) => [row.k, row.custody]),
    );

  beforeAll(async () => {
    database = await sourceHolderDatabase();
    db = await new DataSource(
      sourceHolderDataSourceOptions(database.url, 1, 'vt-e2e-sh-custody-migration'),
    ).initialize();
    await db.undoLastMigration({ transaction: 'each' });
    for (const [key, custody] of Object.entries(EARLIER)) {
      await db.query(`INSERT INTO custody_records (subject_key, custody) VALUES ($1, $2)`, [
        key.repeat(64),
        JSON.stringify(custody),
      ]);
    }
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('converts each row, names dropped, and what the form cannot hold becomes undeterminable', async () => {
    await db.runMigrations({ transaction: 'each' });
    const converted = await rows();
    expect(converted).toEqual({
      a: [
        {
          type: 'TweehoofdigOuderlijkGezag',
          ouders: [{ burgerservicenummer: '123456782' }, { burgerservicenummer: '111222333' }],
          inOnderzoek: false,
        },
      ],
      b: [
        {
          type: 'GezamenlijkGezag',
          ouder: { burgerservicenummer: '100617682' },
          derde: { burgerservicenummer: '100665196' },
          inOnderzoek: true,
        },
      ],
      c: [{ type: 'Voogdij', derden: [{}], inOnderzoek: false }],
      d: [{ type: 'GezagNietTeBepalen', inOnderzoek: false, toelichting: expect.stringContaining('niet te bepalen') }],
      e: [{ type: 'TijdelijkGeenGezag', inOnderzoek: false, toelichting: 'geschorst' }],
    });
    for (const custody of Object.values(converted)) {
      expect(gezagResponseProblems({ personen: [{ gezag: custody }] })).toEqual([]);
    }
    const [column] = (await db.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'request_log' AND column_name = 'requester_oin'`,
    )) as unknown[];
    expect(column).toBeDefined();
  });

  it('goes back to the earlier form with the holders by kind', async () => {
    await db.undoLastMigration({ transaction: 'each' });
    const earlier = await rows();
    expect(earlier.a).toEqual([
      {
        type: 'TweehoofdigOuderlijkGezag',
        gezagsdragers: [
          { soort: 'ouder', naam: 'ouder', burgerservicenummer: '123456782' },
          { soort: 'ouder', naam: 'ouder', burgerservicenummer: '111222333' },
        ],
        inOnderzoek: false,
      },
    ]);
    expect(earlier.c).toEqual([
      { type: 'Voogdij', gezagsdragers: [{ soort: 'instelling', naam: 'instelling' }], inOnderzoek: false },
    ]);
    await db.runMigrations({ transaction: 'each' });
  });
});
