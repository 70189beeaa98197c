import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { managerOf, Transaction } from '@vt/database/transaction-handle';
import { DeepPartial } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner } from './case-partner.entity';
import { CaseLink } from './case-record.entity';
import { CasePerson, InvolvementRole, Person } from './person.entity';
import { Report } from './report.entity';

/** A person as registered at intake, keyed for the organisation's matching. */
export interface PersonRegistration {
  organisationId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  bsnCiphertext: Buffer | null;
  bsnKeyId: string | null;
  bsnHash: Buffer | null;
  nameKey: Buffer;
}

/**
 * What an intake writes: the case, its first membership, reports, persons and their links, the
 * radar's links within the organisation and the case's number. The statements are the intake's
 * measured path (bench/intake.ts): each one here is a round trip of every intake. The case is the
 * caller's own new case or one locked through the reach by CaseStore, so no statement adds a
 * condition of the reach.
 */
@Injectable()
export class IntakeRepository {
  /** Saves the new case and reads it back with what the database filled in (its seq). */
  async insertCase(reach: CaseReach, transaction: Transaction, fields: DeepPartial<Case>): Promise<Case> {
    const manager = managerOf(transaction);
    const cases = manager.getRepository(Case);
    const created = await cases.save(cases.create(fields));
    return cases.findOneByOrFail({ id: created.id });
  }

  async insertMembership(reach: CaseReach, transaction: Transaction, partner: DeepPartial<CasePartner>) {
    const manager = managerOf(transaction);
    await manager.getRepository(CasePartner).insert(partner);
  }

  /** Links the successor to its closed predecessor and carries the predecessor's persons over. */
  async linkPredecessor(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    predecessorId: string,
    reportId: string,
  ): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(CaseLink).insert({ caseId, relatedCaseId: predecessorId, reason: 'successor' });
    const carried = await manager.getRepository(CasePerson).findBy({ caseId: predecessorId });
    await manager
      .getRepository(CasePerson)
      .insert(carried.map((p) => ({ caseId, personId: p.personId, role: p.role, reportId })));
  }

  saveReport(reach: CaseReach, transaction: Transaction, fields: DeepPartial<Report>): Promise<Report> {
    const manager = managerOf(transaction);
    const reports = manager.getRepository(Report);
    return reports.save(reports.create(fields));
  }

  async linkPerson(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    personId: string,
    role: InvolvementRole,
    reportId: string,
  ): Promise<void> {
    const manager = managerOf(transaction);
    await manager.query(
      `INSERT INTO case_persons (case_id, person_id, role, report_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [caseId, personId, role, reportId],
    );
  }

  async linkedPersonCount(reach: CaseReach, transaction: Transaction, caseId: string): Promise<number> {
    const manager = managerOf(transaction);
    const [{ linked }] = (await manager.query(
      `SELECT count(DISTINCT person_id)::int AS linked FROM case_persons WHERE case_id = $1`,
      [caseId],
    )) as { linked: number }[];
    return linked;
  }

  /** The organisation's first person with this name key (name and date of birth). */
  async personByName(reach: CaseReach, transaction: Transaction, organisationId: string, nameKey: Buffer) {
    const manager = managerOf(transaction);
    return manager.getRepository(Person).findOne({ where: { organisationId, nameKey }, order: { id: 'ASC' } });
  }

  /** A person of the organisation known by name without a BSN, while none has this BSN. */
  async personWithoutBsn(
    reach: CaseReach,
    transaction: Transaction,
    organisationId: string,
    nameKey: Buffer,
    bsnHash: Buffer,
  ): Promise<string | undefined> {
    const manager = managerOf(transaction);
    const rows = (await manager.query(
      `SELECT id FROM persons WHERE organisation_id = $1 AND name_key = $2 AND bsn_hash IS NULL
       AND NOT EXISTS (SELECT 1 FROM persons WHERE organisation_id = $1 AND bsn_hash = $3) LIMIT 1`,
      [organisationId, nameKey, bsnHash],
    )) as { id: string }[];
    return rows[0]?.id;
  }

  async setPersonBsn(
    reach: CaseReach,
    transaction: Transaction,
    personId: string,
    bsn: Pick<Person, 'bsnCiphertext' | 'bsnKeyId' | 'bsnHash'>,
  ): Promise<void> {
    const manager = managerOf(transaction);
    await manager.getRepository(Person).update(personId, bsn);
  }

  /** Concurrent intakes about one BSN meet at the unique index and share the first row. */
  async registerPerson(reach: CaseReach, transaction: Transaction, person: PersonRegistration): Promise<string> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `INSERT INTO persons (organisation_id, first_name, last_name, date_of_birth, bsn_ciphertext, bsn_key_id, bsn_hash, name_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (organisation_id, bsn_hash) WHERE bsn_hash IS NOT NULL DO UPDATE SET bsn_hash = EXCLUDED.bsn_hash
       RETURNING id`,
      [
        person.organisationId,
        person.firstName,
        person.lastName,
        person.dateOfBirth,
        person.bsnCiphertext,
        person.bsnKeyId,
        person.bsnHash,
        person.nameKey,
      ],
    )) as { id: string }[];
    return row.id;
  }

  /** Links the case to every other case sharing a person with it; answers the newly linked ones. */
  async linkSharedPersonCases(reach: CaseReach, transaction: Transaction, caseId: string): Promise<string[]> {
    const manager = managerOf(transaction);
    const related = (await manager.query(
      `INSERT INTO case_links (case_id, related_case_id, reason)
       SELECT DISTINCT $1::uuid, other.case_id, 'shared_person'
         FROM case_persons mine JOIN case_persons other ON other.person_id = mine.person_id AND other.case_id <> $1
        WHERE mine.case_id = $1
       ON CONFLICT DO NOTHING RETURNING related_case_id`,
      [caseId],
    )) as { related_case_id: string }[];
    return related.map((row) => row.related_case_id);
  }

  /**
   * Whether the organisation received another report, in the 12 months before this one, on a case
   * with the same victim and suspect as this case.
   */
  async repeatWithin12Months(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    organisationId: string,
    report: Pick<Report, 'id' | 'receivedAt'>,
  ): Promise<boolean> {
    const manager = managerOf(transaction);
    const [{ repeat }] = (await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM reports r
           JOIN case_persons v ON v.case_id = r.case_id AND v.role = 'victim'
           JOIN case_persons s ON s.case_id = r.case_id AND s.role = 'suspect'
          WHERE r.organisation_id = $2 AND r.id <> $3
            AND r.received_at <= $4 AND r.received_at >= $4::timestamptz - interval '12 months'
            AND v.person_id IN (SELECT person_id FROM case_persons WHERE case_id = $1 AND role = 'victim')
            AND s.person_id IN (SELECT person_id FROM case_persons WHERE case_id = $1 AND role = 'suspect')
       ) AS repeat`,
      [caseId, organisationId, report.id, report.receivedAt],
    )) as { repeat: boolean }[];
    return repeat;
  }

  /**
   * Numbers the case in one round trip: the organisation's counter for the year, the case's
   * reference and its case_opened event, which named the placeholder. Past 999999 nothing is
   * numbered; answers the counter's new value.
   */
  async number(
    reach: CaseReach,
    transaction: Transaction,
    caseId: string,
    organisationId: string,
    year: string,
  ): Promise<number> {
    const manager = managerOf(transaction);
    const [row] = (await manager.query(
      `WITH counter AS (
         INSERT INTO case_reference_counters (organisation_id, year, last_number) VALUES ($1, $2::int, 1)
         ON CONFLICT (organisation_id, year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
         RETURNING last_number),
       numbered AS (
         UPDATE cases SET reference = 'VT-' || $2 || '-' || lpad(counter.last_number::text, 6, '0')
           FROM counter WHERE cases.id = $3 AND counter.last_number <= 999999
         RETURNING cases.reference),
       opened AS (
         UPDATE case_events SET data = jsonb_set(data, '{reference}', to_jsonb(numbered.reference))
           FROM numbered WHERE case_events.case_id = $3 AND case_events.type = 'case_opened')
       SELECT counter.last_number FROM counter`,
      [organisationId, year, caseId],
    )) as { last_number: number }[];
    return row.last_number;
  }
}
