import type { Gezagsrelatie } from '@vt/lookups-protocol';
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

type WithoutMinor<T> = T extends unknown ? Omit<T, 'minderjarige'> : never;

/** A gezag relation as the register keeps it: the minor is the row's subject, added when answering. */
export type StoredGezag = WithoutMinor<Gezagsrelatie>;

/**
 * A minor in the custody register, found by an HMAC of the BSN under this source's own key. The
 * holders' BSNs are kept: naming them is what a custody register answers (BRP API Gezag).
 */
@Entity({ name: 'custody_records' })
export class CustodyRecord {
  @PrimaryColumn({ type: 'char', length: 64 })
  subjectKey!: string;

  @Column({ type: 'jsonb' })
  custody!: StoredGezag[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
