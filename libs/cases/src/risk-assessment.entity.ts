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

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  instrumentCode!: string;

  @Column({ type: 'int' })
  instrumentVersion!: number;

  @Column({ type: 'jsonb' })
  answers!: Record<string, RiskAnswer>;

  @Column({ type: 'int' })
  score!: number;

  @Column({ type: 'text' })
  calculatedLevel!: RiskLevel;

  @Column({ type: 'text' })
  level!: RiskLevel;

  @Column({ type: 'text', array: true })
  reasons!: string[];

  @Column({ type: 'text', nullable: true })
  judgementLevel!: RiskLevel | null;

  @Column({ type: 'text', nullable: true })
  judgementReason!: string | null;

  @Column({ type: 'uuid' })
  assessedBy!: string;

  @Column({ type: 'uuid' })
  assessorOrganisationId!: string;

  @Column({ type: 'timestamptz' })
  assessedAt!: Date;
}
