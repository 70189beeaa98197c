import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's choice of which notifications also reach them by e-mail; no row: all of them. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferences {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  /** Off: no e-mail at all, whatever the kinds. */
  @Column({ type: 'boolean' })
  email!: boolean;

  /** Kinds not mailed; a kind added later is mailed until its recipient mutes it. */
  @Column({ type: 'text', array: true })
  emailMutedKinds!: string[];

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
