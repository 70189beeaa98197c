import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const EVENT_CATEGORIES = ['basic', 'safety', 'narrative', 'medical', 'reporter'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

/** One timeline event; its category decides who sees it. Data holds ids and codes, not content. */
@Entity({ name: 'case_events' })
export class CaseEvent {
  @Column({ type: 'bigint', primary: true, insert: false, update: false })
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  category!: EventCategory;

  @Column({ type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  /** `regisseur` when the actor held regie, otherwise their case role; null for the system and older events. */
  @Column({ type: 'text', nullable: true })
  actorRole!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;
}

export const NOTE_CATEGORIES = ['safety', 'narrative', 'medical'] as const;
export type NoteCategory = (typeof NOTE_CATEGORIES)[number];

/** A note in a case; medical notes are read only by medical users of the organisation that wrote them. */
@Entity({ name: 'case_notes' })
export class CaseNote {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  category!: NoteCategory;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** Radar links: cases sharing persons, and a new case opened by a report on a closed one. */
@Entity({ name: 'case_links' })
export class CaseLink {
  @PrimaryColumn({ type: 'uuid' })
  caseId!: string;

  @PrimaryColumn({ type: 'uuid' })
  relatedCaseId!: string;

  @Column({ type: 'text' })
  reason!: 'shared_person' | 'successor';
}
