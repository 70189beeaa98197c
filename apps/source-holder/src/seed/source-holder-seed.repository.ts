import { DataSource } from 'typeorm';
import type { PolicyRule } from '../detail-requests/disclosure-policy';

/** A seed as the tables take it: BSNs already replaced by their keyed hashes. */
export interface SeedRows {
  contactPoints: { code: string; name: string; phone: string | null; email: string | null }[];
  persons: {
    pseudonym: string;
    subjectKey: string;
    fileReference: string;
    identityConfirmed: boolean;
    contactPointCode: string;
    details: Record<string, unknown>;
  }[];
  rules: Omit<PolicyRule, 'id'>[];
  custody: { subjectKey: string; custody: unknown[] }[];
}

export interface SeedCounts {
  contactPoints: number;
  persons: number;
  rules: number;
  custody: number;
}

/**
 * The seed's writes to a source holder's tables, for the seed command outside the Nest app: made
 * over the DataSource it opens.
 */
export class SourceHolderSeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds the rows that are missing, in one transaction; counts what was added per table. */
  async addMissing(rows: SeedRows): Promise<SeedCounts> {
    const counts: SeedCounts = { contactPoints: 0, persons: 0, rules: 0, custody: 0 };
    const added = (returned: unknown) => (returned as unknown[]).length;
    await this.dataSource.transaction(async (manager) => {
      for (const c of rows.contactPoints) {
        counts.contactPoints += added(
          await manager.query(
            `INSERT INTO contact_points (code, name, phone, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (code) DO NOTHING RETURNING id`,
            [c.code, c.name, c.phone, c.email],
          ),
        );
      }
      for (const p of rows.persons) {
        counts.persons += added(
          await manager.query(
            `INSERT INTO known_persons (pseudonym, subject_key, file_reference, identity_confirmed, contact_point_id, details)
           SELECT $1, $2, $3, $4, id, $6 FROM contact_points WHERE code = $5
           ON CONFLICT DO NOTHING RETURNING id`,
            [
              p.pseudonym,
              p.subjectKey,
              p.fileReference,
              p.identityConfirmed,
              p.contactPointCode,
              JSON.stringify(p.details),
            ],
          ),
        );
      }
      for (const r of rows.rules) {
        counts.rules += added(
          await manager.query(
            `INSERT INTO disclosure_rules
             (organisation_kind, requester_role, reason, legal_basis, decision, categories, refusal_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
            [r.organisationKind, r.requesterRole, r.reason, r.legalBasis, r.decision, r.categories, r.refusalReason],
          ),
        );
      }
      for (const row of rows.custody) {
        counts.custody += added(
          await manager.query(
            `INSERT INTO custody_records (subject_key, custody) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING subject_key`,
            [row.subjectKey, JSON.stringify(row.custody)],
          ),
        );
      }
    });
    return counts;
  }
}
