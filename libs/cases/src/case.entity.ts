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
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  phase!: Phase;

  @Column({ type: 'boolean' })
  acute!: boolean;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'regie_organisation_id', type: 'uuid' })
  regieOrganisationId!: string;

  @Column({ name: 'regisseur_user_id', type: 'uuid', nullable: true })
  regisseurUserId!: string | null;

  @Column({ name: 'violence_types', type: 'text', array: true })
  violenceTypes!: string[];

  @Column({ name: 'red_flags', type: 'text', array: true })
  redFlags!: string[];

  @Column({ name: 'risk_level', type: 'text' })
  riskLevel!: RiskLevel;

  @Column({ name: 'risk_reasons', type: 'text', array: true })
  riskReasons!: string[];

  /** Set by a new report, a new red flag or a breached order; cleared by the next risk assessment. */
  @Column({ name: 'reassessment_due', type: 'boolean', default: false })
  reassessmentDue!: boolean;

  @Column({ name: 'reassessment_reasons', type: 'text', array: true, default: () => "'{}'" })
  reassessmentReasons!: string[];

  @Column({ name: 'repeat_within_12_months', type: 'boolean' })
  repeatWithin12Months!: boolean;

  @Column({ name: 'predecessor_case_id', type: 'uuid', nullable: true })
  predecessorCaseId!: string | null;

  @Column({ name: 'assessment_outcome', type: 'text', nullable: true })
  assessmentOutcome!: string | null;

  @Column({ name: 'assessment_decision', type: 'text', nullable: true })
  assessmentDecision!: string | null;

  @Column({ name: 'assessment_summary', type: 'text', nullable: true })
  assessmentSummary!: string | null;

  @Column({ name: 'assessed_at', type: 'timestamptz', nullable: true })
  assessedAt!: Date | null;

  @Column({ name: 'investigation_conclusion', type: 'text', nullable: true })
  investigationConclusion!: string | null;

  @Column({ name: 'investigation_completed_at', type: 'timestamptz', nullable: true })
  investigationCompletedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'close_reason', type: 'text', nullable: true })
  closeReason!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
