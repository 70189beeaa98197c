import { randomUUID } from 'node:crypto';
import { call, Hub, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  caseBody,
  expectError,
  freshBsn,
  member,
  openCase,
  requestIdOf,
  strangers,
  veiligThuis,
} from './support/cases';

/**
 * The radar across regions: a Veilig Thuis organisation learns which Veilig Thuis organisations of
 * other regions know a person of its case (a hit and a contact point, no content), audited for both.
 */
describe('cases: radar across regions', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(() => hub.close());

  /** A Veilig Thuis organisation in a region of its own, with a contact point. */
  async function region(contact: string | null = null) {
    const vt = await veiligThuis(hub);
    await hub.db.query(`UPDATE organisations SET region = $2, contact = $3 WHERE id = $1`, [
      vt.org.id,
      `regio-${randomUUID()}`,
      contact,
    ]);
    const [{ name }] = (await hub.db.query(`SELECT name FROM organisations WHERE id = $1`, [vt.org.id])) as {
      name: string;
    }[];
    return { ...vt, name };
  }
  const suspect = (bsn?: string, dateOfBirth?: string) => ({
    role: 'suspect',
    firstName: 'Karel',
    lastName: `Verhoef-${randomUUID().slice(0, 8)}`,
    ...(bsn ? { bsn } : {}),
    ...(dateOfBirth ? { dateOfBirth } : {}),
  });
  const view = async (caseId: string, token: string) =>
    (await call<CaseBody>(hub, 'GET', `/api/v1/cases/${caseId}`, { token })).body;

  it('names the other region that knows the suspect, on both cases, and audits the hit for both', async () => {
    const [noord, midden] = [await region('Telefoon 050 000 0000 (demo)'), await region(null)];
    const person = suspect(freshBsn());
    const earlier = await openCase(hub, noord.caseworker.token, { persons: [person] });
    const later = await call<CaseBody>(hub, 'POST', '/api/v1/cases', {
      token: midden.caseworker.token,
      body: caseBody({ persons: [person] }, hub.clock.now()),
    });
    expect(later.status).toBe(201);

    expect((await view(later.body.id, midden.caseworker.token)).radar).toMatchObject({
      relatedCases: 0,
      otherRegions: [
        { organisationId: noord.org.id, organisationName: noord.name, contact: 'Telefoon 050 000 0000 (demo)' },
      ],
    });
    expect((await view(earlier.id, noord.caseworker.token)).radar.otherRegions).toEqual([
      { organisationId: midden.org.id, organisationName: midden.name, contact: null },
    ]);

    const entries = (await hub.db.query(
      `SELECT subject_id, subject_organisation_id, case_id, person_refs, purpose FROM audit_entries
        WHERE subject_type = 'RegionRadar' AND action = 'search' AND actor_organisation_id = $1`,
      [midden.org.id],
    )) as { subject_id: string; subject_organisation_id: string; case_id: string | null; person_refs: string[] }[];
    expect(entries).toHaveLength(2);
    expect(entries.find((e) => e.subject_organisation_id === midden.org.id)).toMatchObject({
      subject_id: noord.org.id,
      case_id: later.body.id,
    });
    const theirs = entries.find((e) => e.subject_organisation_id === noord.org.id)!;
    expect(theirs).toMatchObject({ subject_id: midden.org.id, case_id: null });
    expect(theirs.person_refs).toHaveLength(1);

    // A third report changes nothing already known, and audits nothing again.
    await openCase(hub, midden.caseworker.token, { persons: [person] });
    const again = (await hub.db.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE subject_type = 'RegionRadar' AND subject_organisation_id = $1`,
      [noord.org.id],
    )) as { n: number }[];
    expect(again[0].n).toBe(2);
  });

  it('matches by name with date of birth, never by name alone, and not within one region', async () => {
    const [noord, midden] = [await region(), await region()];
    const dated = suspect(undefined, '1980-03-04');
    await openCase(hub, noord.caseworker.token, { persons: [dated] });
    const hit = await openCase(hub, midden.caseworker.token, { persons: [dated] });
    expect((await view(hit.id, midden.caseworker.token)).radar.otherRegions).toHaveLength(1);

    const undated = suspect();
    await openCase(hub, noord.caseworker.token, { persons: [undated] });
    const miss = await openCase(hub, midden.caseworker.token, { persons: [undated] });
    expect((await view(miss.id, midden.caseworker.token)).radar.otherRegions).toEqual([]);

    // A second Veilig Thuis of the same region is not another region.
    const neighbour = await veiligThuis(hub);
    await hub.db.query(
      `UPDATE organisations SET region = (SELECT region FROM organisations WHERE id = $2) WHERE id = $1`,
      [neighbour.org.id, noord.org.id],
    );
    const same = await openCase(hub, neighbour.caseworker.token, { persons: [dated] });
    expect((await view(same.id, neighbour.caseworker.token)).radar.otherRegions).toEqual([
      expect.objectContaining({ organisationId: midden.org.id }),
    ]);
  });

  it('keeps the hits with the receiving organisation: a partner sees no radar', async () => {
    const [noord, midden] = [await region(), await region()];
    const person = suspect(freshBsn());
    await openCase(hub, noord.caseworker.token, { persons: [person] });
    const created = await openCase(hub, midden.caseworker.token, { persons: [person] });
    await assignRegisseur(hub, midden.supervisor.token, created.id, midden.caseworker.user.id);
    const police = await addPartner(hub, midden.caseworker.token, created.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    const seen = await view(created.id, agent.token);
    expect(seen.radar).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(noord.org.id);
  });

  /** A victim (with BSN) and a suspect (name and date of birth) that no other test knows. */
  const household = () =>
    strangers([
      { role: 'victim', bsn: freshBsn(), firstName: 'Anna', lastName: 'Bakker', dateOfBirth: '1990-01-31' },
      { role: 'suspect', firstName: 'Bram', lastName: 'Bakker', dateOfBirth: '1988-05-02' },
    ]);

  it('counts a report on the same victim and suspect in another region as a repeat within 12 months', async () => {
    const [noord, midden] = [await region(), await region()];
    const [victim, suspect] = household();
    const earlier = await openCase(hub, noord.caseworker.token, { persons: [victim, suspect] });
    const later = await openCase(hub, midden.caseworker.token, { persons: [victim, suspect] });
    const seen = await view(later.id, midden.caseworker.token);
    expect(seen.radar).toMatchObject({ relatedCases: 0, repeatWithin12Months: true });
    expect(seen.riskReasons).toContain('repeat_within_12_months');
    // The first report had nothing before it.
    expect((await view(earlier.id, noord.caseworker.token)).radar.repeatWithin12Months).toBe(false);
    // The victim alone, with another suspect, is a hit but no repeat.
    const [, stranger] = household();
    const other = await openCase(hub, midden.caseworker.token, { persons: [victim, stranger] });
    expect((await view(other.id, midden.caseworker.token)).radar).toMatchObject({
      repeatWithin12Months: false,
      otherRegions: [expect.objectContaining({ organisationId: noord.org.id })],
    });
  });

  it('matches again on demand: two first reports in two regions come to see each other', async () => {
    // Both in the shared test region when the reports come in: no hit yet.
    const [first, second] = [await veiligThuis(hub), await veiligThuis(hub)];
    const persons = household();
    const a = await openCase(hub, first.caseworker.token, { persons });
    const b = await openCase(hub, second.caseworker.token, { persons });
    expect((await view(b.id, second.caseworker.token)).radar).toMatchObject({
      otherRegions: [],
      repeatWithin12Months: false,
    });
    // The first organisation moves to a region of its own.
    await hub.db.query(`UPDATE organisations SET region = $2 WHERE id = $1`, [first.org.id, `regio-${randomUUID()}`]);
    const path = `/api/v1/cases/${b.id}/radar/refresh`;
    await assignRegisseur(hub, second.supervisor.token, b.id, second.caseworker.user.id);
    const police = await addPartner(hub, second.caseworker.token, b.id, 'police', ['basic', 'safety']);
    const agent = await member(hub, police, ['caseworker']);
    expectError(await call(hub, 'POST', path, { token: agent.token }), 403, 'cases.forbidden');
    expectError(await call(hub, 'POST', path, { token: first.caseworker.token }), 404, 'cases.not_found');

    const refreshed = await call<CaseBody>(hub, 'POST', path, { token: second.supervisor.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.radar).toMatchObject({
      repeatWithin12Months: true,
      otherRegions: [expect.objectContaining({ organisationId: first.org.id })],
    });
    expect((await view(a.id, first.caseworker.token)).radar).toMatchObject({
      repeatWithin12Months: false,
      otherRegions: [expect.objectContaining({ organisationId: second.org.id })],
    });
    // Audited as intake's match is, for both organisations, and the asking itself on the case.
    const entries = (await hub.db.query(
      `SELECT action, subject_type, subject_organisation_id, case_id FROM audit_entries WHERE request_id = $1
        ORDER BY seq`,
      [requestIdOf(refreshed)],
    )) as CaseBody[];
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'search', subject_type: 'RegionRadar', subject_organisation_id: second.org.id, case_id: b.id },
        { action: 'search', subject_type: 'RegionRadar', subject_organisation_id: first.org.id, case_id: null },
      ]),
    );
    expect(entries.filter((e) => e.subject_organisation_id === first.org.id)).toHaveLength(1);
    const timeline = await call<{ items: CaseBody[] }>(hub, 'GET', `/api/v1/cases/${b.id}/timeline`, {
      token: second.caseworker.token,
    });
    expect(timeline.body.items.map((e) => e.type)).toContain('radar_refreshed');

    // Asking again finds nothing new and audits only the asking.
    const again = await call(hub, 'POST', path, { token: second.caseworker.token });
    expect(again.status).toBe(200);
    const [{ n }] = (await hub.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE request_id = $1`, [
      requestIdOf(again),
    ])) as { n: number }[];
    expect(n).toBe(1);
  });
});
