import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PHASES = ['triage', 'investigation', 'follow_up', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
export const RISK_LEVELS = ['low', 'elevated', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A casus: one household or situation, received by one Veilig Thuis organisation. */
@Entity({ name: 'cases' })
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'text' })
  reference!: string;

  /** The receiving Veilig Thuis organisation; the radar and the reporter stay with it. */
  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  phase!: Phase;

  @Column({ type: 'boolean' })
  acute!: boolean;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'uuid' })
  regieOrganisationId!: string;

  @Column({ type: 'uuid', nullable: true })
  regisseurUserId!: string | null;

  @Column({ type: 'text', array: true })
  violenceTypes!: string[];

  @Column({ type: 'text', array: true })
  redFlags!: string[];

  @Column({ type: 'text' })
  riskLevel!: RiskLevel;

  @Column({ type: 'text', array: true })
  riskReasons!: string[];

  /** Set by a new report, a new red flag or a breached order; cleared by the next risk assessment. */
  @Column({ type: 'boolean', default: false })
  reassessmentDue!: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  reassessmentReasons!: string[];

  @Column({ type: 'boolean' })
  repeatWithin12Months!: boolean;

  @Column({ type: 'uuid', nullable: true })
  predecessorCaseId!: string | null;

  @Column({ type: 'text', nullable: true })
  assessmentOutcome!: string | null;

  @Column({ type: 'text', nullable: true })
  assessmentDecision!: string | null;

  @Column({ type: 'text', nullable: true })
  assessmentSummary!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  assessedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  investigationConclusion!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  investigationCompletedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  closeReason!: string | null;

  @Column({ type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
