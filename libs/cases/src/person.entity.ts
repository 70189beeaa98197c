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

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  firstName!: string;

  @Column({ type: 'text' })
  lastName!: string;

  @Column({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ type: 'bytea', nullable: true })
  bsnCiphertext!: Buffer | null;

  @Column({ type: 'text', nullable: true })
  bsnKeyId!: string | null;

  @Column({ type: 'bytea', nullable: true })
  bsnHash!: Buffer | null;

  @Column({ type: 'bytea' })
  nameKey!: Buffer;
}

/** A person's involvement in a case, in one role, first named by one report. */
@Entity({ name: 'case_persons' })
export class CasePerson {
  @PrimaryColumn({ type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ type: 'uuid' })
  personId!: string;

  @PrimaryColumn({ type: 'text' })
  role!: InvolvementRole;

  @Column({ type: 'uuid' })
  reportId!: string;
}
