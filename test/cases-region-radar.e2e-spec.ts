import { randomUUID } from 'node:crypto';
import { call, Hub, startHub } from './support/hub';
import {
  addPartner,
  assignRegisseur,
  CaseBody,
  caseBody,
  freshBsn,
  member,
  openCase,
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
});
