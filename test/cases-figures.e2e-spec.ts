import { ShiftedClock } from '../libs/common/src';
import { CalendarService } from '../libs/deadlines/src';
import { caseBody, CaseBody, expectError, member, veiligThuis } from './support/cases';
import { call, Hub, startHub } from './support/hub';

/** Wednesday 12 May 2027, 10:00 in Amsterdam: the quarter under test is 2027-Q2. */
const NOW = new Date('2027-05-12T10:00:00+02:00');

const persons = (victim: [string, string, string], suspect: [string, string, string], victimRole = 'victim') => [
  { role: victimRole, firstName: victim[0], lastName: victim[1], dateOfBirth: victim[2] },
  { role: 'suspect', firstName: suspect[0], lastName: suspect[1], dateOfBirth: suspect[2] },
];

/**
 * Quarterly figures (docs/figures.md): a known quarter (and the one before) built through the api
 * at a clock set to May 2027, and every figure checked exactly, as JSON and as CSV.
 */
describe('reports: quarterly figures', () => {
  const clock = new ShiftedClock();
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({}, { clock });
  });
  afterAll(() => hub.close());

  let vt: Awaited<ReturnType<typeof veiligThuis>>;
  let medianSafetyAssessment: number;

  beforeAll(async () => {
    vt = await veiligThuis(hub);
    const token = vt.caseworker.token;
    clock.jumpTo(NOW);
    const open = async (overrides: Record<string, unknown>) => {
      const res = await call<CaseBody>(hub, 'POST', '/api/v1/cases', { token, body: caseBody(overrides, NOW) });
      if (res.status !== 201) throw new Error(`intake failed: ${res.status} ${res.text}`);
      return res.body;
    };
    const assess = async (id: string, decision: string) => {
      const res = await call(hub, 'POST', `/api/v1/cases/${id}/safety-assessment`, {
        token,
        body: { outcome: 'structural_unsafe', decision, summary: 'Beoordeeld' },
      });
      if (res.status !== 200) throw new Error(`assessment failed: ${res.status} ${res.text}`);
    };
    const advice = async (askedAt: string) => {
      const res = await call(hub, 'POST', '/api/v1/advice-requests', {
        token,
        body: {
          askedAt,
          anonymous: true,
          requester: { kind: 'citizen' },
          subjects: ['partner_violence'],
          question: 'Mijn buurvrouw wordt geslagen, wat kan ik doen?',
          advice: 'Bel bij acuut gevaar 112; anders kunt u een melding doen.',
          durationMinutes: 10,
        },
      });
      if (res.status !== 201) throw new Error(`advice request failed: ${res.status} ${res.text}`);
    };
    // Advice: two in Q2 (one in its first half hour), one in the last half hour of Q1.
    await advice('2027-05-10T09:00:00+02:00');
    await advice('2027-04-01T00:15:00+02:00');
    await advice('2027-03-31T23:45:00+02:00');

    // A: a professional's report today on Anna and Bram, assessed at once (within the term).
    const a = await open({
      receivedAt: '2027-05-12T09:00:00+02:00',
      reporter: { kind: 'professional', name: 'Dr. Jansen' },
    });
    await assess(a.id, 'follow_up');
    // D: the same victim and suspect again half an hour later: a repeat within 12 months.
    await open({ receivedAt: '2027-05-12T09:30:00+02:00' });
    // B: a child, reported in April, assessed today (late).
    const b = await open({
      receivedAt: '2027-04-20T10:00:00+02:00',
      violenceTypes: ['child_abuse', 'psychological'],
      persons: persons(['Sem', 'Bos', '2018-03-01'], ['Kees', 'Bos', '1980-01-01'], 'child'),
    });
    await assess(b.id, 'follow_up');
    // C: the police reported in March (Q1); assessed today (late), investigated and completed today.
    const c = await open({
      receivedAt: '2027-03-30T10:00:00+02:00',
      reporter: { kind: 'police', name: 'Wijkagent' },
      violenceTypes: ['elder_abuse'],
      persons: persons(['Truus', 'Smit', '1940-02-02'], ['Piet', 'Smit', '1965-06-06']),
    });
    await assess(c.id, 'investigation');
    clock.jumpTo(new Date(NOW.getTime() + 3_600_000));
    const completed = await call(hub, 'POST', `/api/v1/cases/${c.id}/investigation/complete`, {
      token,
      body: { conclusion: 'Hulp ingezet', decision: 'follow_up' },
    });
    if (completed.status !== 200) throw new Error(`completing failed: ${completed.status} ${completed.text}`);
    clock.jumpTo(NOW);
    // E: reported this morning, assessed and closed at once.
    const e = await open({
      receivedAt: '2027-05-12T08:00:00+02:00',
      violenceTypes: ['stalking'],
      persons: persons(['Lisa', 'Jong', '1995-07-07'], ['Tom', 'Berg', '1990-08-08']),
    });
    await assess(e.id, 'close');

    // Protection: an order imposed on A yesterday evening (Q2) and one on C in the last half hour
    // of Q1; measures take their quarter from their start, not from when they were recorded.
    const suspectOf = (c: CaseBody) => (c.persons as CaseBody[]).find((p) => p.role === 'suspect')!.id as string;
    const victimOf = (c: CaseBody) => (c.persons as CaseBody[]).find((p) => p.role !== 'suspect')!.id as string;
    const record = async (c: CaseBody, what: string, body: Record<string, unknown>) => {
      const res = await call(hub, 'POST', `/api/v1/cases/${c.id}/${what}`, { token, body });
      if (res.status !== 201) throw new Error(`recording ${what} failed: ${res.status} ${res.text}`);
    };
    const order = (c: CaseBody, imposedAt: string) =>
      record(c, 'restraining-orders', {
        imposedAt,
        imposedBy: 'Burgemeester van Utrecht',
        subjectPersonId: suspectOf(c),
      });
    const measure = (c: CaseBody, type: string, startsAt: string) =>
      record(c, 'protective-measures', {
        type,
        subjectPersonId: suspectOf(c),
        protectedPersonId: victimOf(c),
        authority: 'Officier van justitie Midden-Nederland',
        startsAt,
      });
    await order(a, '2027-05-11T20:00:00+02:00');
    await order(c, '2027-03-31T23:30:00+02:00');
    await measure(a, 'contact_ban', '2027-04-01T00:00:00+02:00');
    await measure(a, 'area_ban', '2027-05-12T09:00:00+02:00');
    await measure(b, 'contact_ban', '2027-06-30T23:59:00+02:00');
    await measure(c, 'electronic_monitoring', '2027-03-31T23:59:00+02:00');
    // Starts in Q3: outside the range asked for.
    await measure(b, 'victim_alarm', '2027-07-01T00:00:00+02:00');

    // Working days from receipt to assessment, as the calendar counts them: 0, 0, B's and C's.
    const calendar = hub.app.get(CalendarService).calendar();
    const late = [
      calendar.workingDaysBetween('2027-04-20', '2027-05-12'),
      calendar.workingDaysBetween('2027-03-30', '2027-05-12'),
    ];
    medianSafetyAssessment = Math.min(...late) / 2;
  });

  const empty = { completed: 0, withinTerm: 0, withinTermShare: null, medianWorkingDays: null };

  it('counts every figure of the quarter exactly, from the rows of the cases', async () => {
    const res = await call<CaseBody>(hub, 'GET', '/api/v1/reports/figures?from=2027-Q1&to=2027-Q2', {
      token: vt.supervisor.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      organisationId: vt.org.id,
      from: '2027-Q1',
      to: '2027-Q2',
      quarters: [
        {
          quarter: '2027-Q1',
          from: '2026-12-31T23:00:00.000Z',
          to: '2027-03-31T22:00:00.000Z',
          adviceRequests: 1,
          reports: { total: 1, byViolenceType: { elder_abuse: 1 }, byReporterKind: { police: 1 }, withChildren: 0 },
          safetyAssessments: empty,
          investigations: empty,
          closedCases: 0,
          repeatReports: 0,
          protectiveMeasures: { restrainingOrders: 1, byType: { electronic_monitoring: 1 } },
        },
        {
          quarter: '2027-Q2',
          from: '2027-03-31T22:00:00.000Z',
          to: '2027-06-30T22:00:00.000Z',
          adviceRequests: 2,
          reports: {
            total: 4,
            byViolenceType: { partner_violence: 2, child_abuse: 1, psychological: 1, stalking: 1 },
            byReporterKind: { professional: 1, citizen: 3 },
            withChildren: 1,
          },
          safetyAssessments: {
            completed: 4,
            withinTerm: 2,
            withinTermShare: 0.5,
            medianWorkingDays: medianSafetyAssessment,
          },
          investigations: { completed: 1, withinTerm: 1, withinTermShare: 1, medianWorkingDays: 0 },
          closedCases: 1,
          repeatReports: 1,
          protectiveMeasures: { restrainingOrders: 1, byType: { contact_ban: 2, area_ban: 1 } },
        },
      ],
    });
    // Another organisation's supervisor sees its own (empty) figures only.
    const other = await veiligThuis(hub);
    const theirs = await call<CaseBody>(hub, 'GET', '/api/v1/reports/figures?from=2027-Q2&to=2027-Q2', {
      token: other.supervisor.token,
    });
    expect(theirs.body.quarters[0]).toMatchObject({
      adviceRequests: 0,
      reports: { total: 0 },
      closedCases: 0,
      protectiveMeasures: { restrainingOrders: 0, byType: {} },
    });
  });

  it('answers CSV for a Dutch spreadsheet when asked for text/csv', async () => {
    const res = await call(hub, 'GET', '/api/v1/reports/figures?from=2027-02-10&to=2027-05-01', {
      token: vt.supervisor.token,
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="kwartaalcijfers.csv"');
    const median = medianSafetyAssessment.toFixed(1).replace('.', ',');
    expect(res.text).toBe(
      [
        'kwartaal;adviesvragen;meldingen;meldingen_professional;meldingen_burger;meldingen_politie;meldingen_met_kinderen;' +
          'meldingen_child_abuse;meldingen_elder_abuse;meldingen_partner_violence;meldingen_psychological;meldingen_stalking;' +
          'veiligheidsbeoordeling_afgerond;veiligheidsbeoordeling_binnen_termijn;veiligheidsbeoordeling_aandeel_binnen_termijn;' +
          'veiligheidsbeoordeling_mediaan_werkdagen;onderzoek_afgerond;onderzoek_binnen_termijn;onderzoek_aandeel_binnen_termijn;' +
          'onderzoek_mediaan_werkdagen;afgesloten_casussen;herhaalde_meldingen_12_maanden;huisverboden;' +
          'beschermingsmaatregelen_contact_ban;beschermingsmaatregelen_area_ban;' +
          'beschermingsmaatregelen_electronic_monitoring;beschermingsmaatregelen_victim_alarm',
        '2027-Q1;1;1;0;0;1;0;0;1;0;0;0;0;0;;;0;0;;;0;0;1;0;0;1;0',
        `2027-Q2;2;4;1;3;0;1;1;0;2;1;1;4;2;0,500;${median};1;1;1,000;0,0;1;1;1;2;1;0;0`,
        '',
      ].join('\r\n'),
    );
    // A byte order mark first, so Excel reads UTF-8 (fetch's text() drops it).
    const raw = await fetch(`${hub.url}/api/v1/reports/figures`, {
      headers: { accept: 'text/csv', authorization: `Bearer ${vt.supervisor.token}` },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('shows the last eight quarters without a range', async () => {
    const res = await call<CaseBody>(hub, 'GET', '/api/v1/reports/figures', { token: vt.supervisor.token });
    expect(res.status).toBe(200);
    expect(res.body.quarters.map((q: CaseBody) => q.quarter)).toEqual([
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
      '2027-Q1',
      '2027-Q2',
    ]);
  });

  it('refuses a range over three years, bad dates and callers who are not supervisors', async () => {
    const get = (query: string, token = vt.supervisor.token) =>
      call(hub, 'GET', `/api/v1/reports/figures${query}`, { token });
    expectError(await get('?from=2024-Q1&to=2027-Q2'), 400, 'common.validation', 'to');
    expectError(await get('?from=2027-Q5'), 400, 'common.validation', 'from');
    expectError(await get('?from=2027-02-30'), 400, 'common.validation', 'from');
    expectError(await get('?to=mei'), 400, 'common.validation', 'to');
    expectError(await get('?from=2027-Q2&to=2027-Q1'), 400, 'common.validation', 'to');
    expectError(await get(`?from=${'2'.repeat(11)}`), 400, 'common.validation', 'from');
    // Years outside the calendar's arithmetic, which once answered 500.
    expectError(await get('?from=0999-Q1'), 400, 'common.validation', 'from');
    expectError(await get('?from=9999-Q3&to=9999-Q4'), 400, 'common.validation', 'to');
    expectError(await get('', vt.caseworker.token), 403, 'access.forbidden');
    const admin = await member(hub, vt.org, ['admin']);
    expectError(await get('', admin.token), 403, 'access.forbidden');
  });
});
