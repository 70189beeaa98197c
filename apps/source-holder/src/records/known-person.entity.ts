import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ContactPoint } from './contact-point.entity';

/** A person this source knows, found by keyed hashes of the BSN; the BSN itself is not stored. */
@Entity({ name: 'known_persons' })
export class KnownPerson {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** HMAC-SHA256 under the key shared with the hub: what a known-by question carries. */
  @Column({ type: 'char', length: 64, unique: true })
  pseudonym!: string;

  /** HMAC-SHA256 under this source's own key: how a detail request (with a BSN) finds the record. */
  @Column({ type: 'char', length: 64, unique: true })
  subjectKey!: string;

  /** The source's own file number, shown to whoever reviews a detail request. */
  @Column({ type: 'text' })
  fileReference!: string;

  /** False while the source is unsure the record is this person: known-by answers NIET_TE_BEPALEN. */
  @Column({ type: 'boolean', default: true })
  identityConfirmed!: boolean;

  @Column({ type: 'uuid' })
  contactPointId!: string;

  @ManyToOne(() => ContactPoint, { nullable: false })
  @JoinColumn({ name: 'contact_point_id' })
  contactPoint?: ContactPoint;

  /** What a granted detail request may receive, by data category. */
  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  /** Set by the database whenever `details` or `identity_confirmed` change. */
  @Column({ type: 'timestamptz', insert: false, update: false })
  detailsChangedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
