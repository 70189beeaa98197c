import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** How the child was involved in the violence: as victim, as witness, or both. */
export const CHILD_INVOLVEMENTS = ['victim', 'witness', 'both', 'unknown'] as const;
export type ChildInvolvement = (typeof CHILD_INVOLVEMENTS)[number];

export const REFERRAL_REASONS = ['partner_killing', 'attempted_partner_killing'] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

/**
 * Kindcheck: what Veilig Thuis knows of one child of a case, one row per case and child, updated
 * in place (each change is an event on the timeline).
 */
@Entity({ name: 'child_checks' })
export class ChildCheck {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  personId!: string;

  @Column({ type: 'boolean' })
  seen!: boolean;

  @Column({ type: 'boolean' })
  spokenTo!: boolean;

  /** The child's own view, in the child's words (narrative). */
  @Column({ type: 'text', nullable: true })
  childView!: string | null;

  @Column({ type: 'text' })
  involvement!: ChildInvolvement;

  /** Who cares for the child now. */
  @Column({ type: 'text', nullable: true })
  caregivers!: string | null;

  /** Whether the child's school or day care is known, and which it is. */
  @Column({ type: 'boolean' })
  schoolKnown!: boolean;

  @Column({ type: 'text', nullable: true })
  school!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** The child protection board brought into a case after (attempted) partner killing; one per case. */
@Entity({ name: 'child_protection_referrals' })
export class ChildProtectionReferral {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  reason!: ReferralReason;

  @Column({ type: 'uuid' })
  referredBy!: string;

  @Column({ type: 'timestamptz' })
  referredAt!: Date;
}
