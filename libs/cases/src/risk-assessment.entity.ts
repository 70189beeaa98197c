import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskLevel } from './case.entity';
import type { RiskAnswer } from './risk';

/**
 * One dated risk assessment of a case with an instrument: the answers, what they scored, the
 * professional's judgement and who assessed. Assessments are never changed; the next one follows.
 */
@Entity({ name: 'risk_assessments' })
export class CaseRiskAssessment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'instrument_code', type: 'text' })
  instrumentCode!: string;

  @Column({ name: 'instrument_version', type: 'int' })
  instrumentVersion!: number;

  @Column({ type: 'jsonb' })
  answers!: Record<string, RiskAnswer>;

  @Column({ type: 'int' })
  score!: number;

  @Column({ name: 'calculated_level', type: 'text' })
  calculatedLevel!: RiskLevel;

  @Column({ type: 'text' })
  level!: RiskLevel;

  @Column({ type: 'text', array: true })
  reasons!: string[];

  @Column({ name: 'judgement_level', type: 'text', nullable: true })
  judgementLevel!: RiskLevel | null;

  @Column({ name: 'judgement_reason', type: 'text', nullable: true })
  judgementReason!: string | null;

  @Column({ name: 'assessed_by', type: 'uuid' })
  assessedBy!: string;

  @Column({ name: 'assessor_organisation_id', type: 'uuid' })
  assessorOrganisationId!: string;

  @Column({ name: 'assessed_at', type: 'timestamptz' })
  assessedAt!: Date;
}
