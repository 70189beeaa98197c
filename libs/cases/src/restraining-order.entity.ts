import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORDER_ADVICES = ['extend', 'end'] as const;
export type OrderAdvice = (typeof ORDER_ADVICES)[number];
export const ORDER_DECISIONS = ['extended', 'not_extended', 'lifted'] as const;
export type OrderDecision = (typeof ORDER_DECISIONS)[number];

/** Tijdelijk huisverbod, imposed by the mayor and registered on the case. */
@Entity({ name: 'restraining_orders' })
export class RestrainingOrder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The person the order is imposed on (uithuisgeplaatste); null only on orders recorded before it was asked. */
  @Column({ name: 'subject_person_id', type: 'uuid', nullable: true })
  subjectPersonId!: string | null;

  @Column({ name: 'imposed_at', type: 'timestamptz' })
  imposedAt!: Date;

  /** Who imposed it: the mayor, or the officer holding the mayor's mandate. */
  @Column({ name: 'imposed_by', type: 'text' })
  imposedBy!: string;

  /** The current end: day 10 after imposition, later when extended. */
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'extended_by', type: 'uuid', nullable: true })
  extendedBy!: string | null;

  @Column({ name: 'extended_at', type: 'timestamptz', nullable: true })
  extendedAt!: Date | null;

  /** Veilig Thuis's advice to the mayor on extension. */
  @Column({ type: 'text', nullable: true })
  advice!: OrderAdvice | null;

  @Column({ name: 'advice_summary', type: 'text', nullable: true })
  adviceSummary!: string | null;

  @Column({ name: 'advised_at', type: 'timestamptz', nullable: true })
  advisedAt!: Date | null;

  @Column({ name: 'advised_by', type: 'uuid', nullable: true })
  advisedBy!: string | null;

  /** The mayor's latest decision. */
  @Column({ type: 'text', nullable: true })
  decision!: OrderDecision | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  /** When a decision ended it before its term (not extended, lifted); otherwise it runs to endsAt. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}

/** A breach of the order (overtreding), recorded by a caseworker in the network. */
@Entity({ name: 'restraining_order_breaches' })
export class RestrainingOrderBreach {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
