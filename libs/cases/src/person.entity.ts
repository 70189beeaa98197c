import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const INVOLVEMENT_ROLES = ['victim', 'suspect', 'child', 'other'] as const;
export type InvolvementRole = (typeof INVOLVEMENT_ROLES)[number];

/**
 * A betrokkene as known to one receiving organisation. The BSN is stored only encrypted (with the
 * id of its key) and as a keyed hash for matching; names are matched through a keyed hash too.
 */
@Entity({ name: 'persons' })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ name: 'bsn_ciphertext', type: 'bytea', nullable: true })
  bsnCiphertext!: Buffer | null;

  @Column({ name: 'bsn_key_id', type: 'text', nullable: true })
  bsnKeyId!: string | null;

  @Column({ name: 'bsn_hash', type: 'bytea', nullable: true })
  bsnHash!: Buffer | null;

  @Column({ name: 'name_key', type: 'bytea' })
  nameKey!: Buffer;
}

/** A person's involvement in a case, in one role, first named by one report. */
@Entity({ name: 'case_persons' })
export class CasePerson {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: InvolvementRole;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;
}
