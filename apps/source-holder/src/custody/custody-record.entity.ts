import type { Gezag } from '@vt/lookups-protocol';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A minor in the custody register, found by an HMAC of the BSN under this source's own key. The
 * holders' BSNs are kept: naming them is what a custody register answers (as in Haal Centraal).
 */
@Entity({ name: 'custody_records' })
export class CustodyRecord {
  @PrimaryColumn({ name: 'subject_key', type: 'char', length: 64 })
  subjectKey!: string;

  @Column({ type: 'jsonb' })
  custody!: Gezag[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
