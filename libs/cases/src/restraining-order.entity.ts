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

  @Column({ type: 'uuid' })
  caseId!: string;

  /** The person the order is imposed on (uithuisgeplaatste); null only on orders recorded before it was asked. */
  @Column({ type: 'uuid', nullable: true })
  subjectPersonId!: string | null;

  @Column({ type: 'timestamptz' })
  imposedAt!: Date;

  /** Who imposed it: the mayor, or the officer holding the mayor's mandate. */
  @Column({ type: 'text' })
  imposedBy!: string;

  /** The current end: day 10 after imposition, later when extended. */
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'uuid' })
  registeredBy!: string;

  @Column({ type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  extendedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  extendedAt!: Date | null;

  /** Veilig Thuis's advice to the mayor on extension. */
  @Column({ type: 'text', nullable: true })
  advice!: OrderAdvice | null;

  @Column({ type: 'text', nullable: true })
  adviceSummary!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  advisedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  advisedBy!: string | null;

  /** The mayor's latest decision. */
  @Column({ type: 'text', nullable: true })
  decision!: OrderDecision | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  /** When a decision ended it before its term (not extended, lifted); otherwise it runs to endsAt. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}

/** A breach of the order (overtreding), recorded by a caseworker in the network. */
@Entity({ name: 'restraining_order_breaches' })
export class RestrainingOrderBreach {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
