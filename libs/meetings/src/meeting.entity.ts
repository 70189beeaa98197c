import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const MEETING_KINDS = ['action_meeting', 'zsm', 'mda', 'safety_house'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_STATUSES = ['open', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** An overleg: held by the chair's organisation, with participating organisations and an agenda of cases. */
/**
 * The minutes at closing: everything on the agenda, whoever could see it then. Each reader gets
 * the part they may see now (the service filters it as it filters the live minutes).
 */
export interface FrozenMinutes {
  chair: { userId: string; name: string | null; organisationName: string | null };
  participants: { organisationId: string; organisationName: string | null }[];
  items: {
    id: string;
    position: number;
    caseId: string;
    reference: string;
    phase: string;
    decisions: {
      id: string;
      text: string;
      regisseurUserId: string | null;
      decidedBy: string;
      decidedAt: string;
      actions: {
        id: string;
        assigneeOrganisationId: string;
        assigneeOrganisationName: string | null;
        description: string;
        dueAt: string;
        status: string;
      }[];
    }[];
  }[];
}

@Entity({ name: 'meetings' })
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'text' })
  kind!: MeetingKind;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'uuid' })
  chairUserId!: string;

  @Column({ type: 'timestamptz' })
  scheduledAt!: Date;

  @Column({ type: 'text' })
  status!: MeetingStatus;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedBy!: string | null;

  /** The minutes as they stood at closing (migration MeetingMinutesSnapshot); read only for the minutes. */
  @Column({ type: 'jsonb', nullable: true, select: false })
  minutes?: FrozenMinutes | null;

  @Column({ type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

@Entity({ name: 'meeting_participants' })
export class MeetingParticipant {
  @PrimaryColumn({ type: 'uuid' })
  meetingId!: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;
}

/** A case on the agenda. Its id is what participants outside the case's network see, and nothing more. */
@Entity({ name: 'meeting_items' })
export class MeetingItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  meetingId!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'uuid' })
  addedBy!: string;

  @Column({ type: 'timestamptz', insert: false, update: false })
  addedAt!: Date;
}

/** A besluit about one agenda item; its actions and regie change live in the case. */
@Entity({ name: 'meeting_decisions' })
export class MeetingDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  meetingId!: string;

  @Column({ type: 'uuid' })
  itemId!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'uuid', nullable: true })
  regisseurUserId!: string | null;

  @Column({ type: 'uuid' })
  decidedBy!: string;

  @Column({ type: 'timestamptz' })
  decidedAt!: Date;
}

/** Links a decision to the safety plan actions it created in the case. */
@Entity({ name: 'meeting_decision_actions' })
export class MeetingDecisionAction {
  @PrimaryColumn({ type: 'uuid' })
  decisionId!: string;

  @PrimaryColumn({ type: 'uuid' })
  actionId!: string;

  @Column({ type: 'integer' })
  position!: number;
}
