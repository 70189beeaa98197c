import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { DataKey } from './hub-config';

export interface Sealed {
  ciphertext: Buffer;
  keyId: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Authenticated encryption (AES-256-GCM) for personal data at rest, and keyed hashes for matching
 * it without the clear value. `purpose` is bound as associated data, so a BSN ciphertext cannot be
 * passed off as a reporter's details.
 */
export class DataProtection {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly keys: DataKey[],
    private readonly matchingKey: Buffer,
  ) {
    if (keys.length === 0) throw new Error('no data encryption key configured');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  seal(plaintext: string, purpose: string): Sealed {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${purpose}:${id}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId: id };
  }

  open(sealed: Sealed, purpose: string): string {
    const key = this.byId.get(sealed.keyId);
    if (!key) throw new Error(`data encryption key ${sealed.keyId} is not configured`);
    const iv = sealed.ciphertext.subarray(0, IV_BYTES);
    const tag = sealed.ciphertext.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(`${purpose}:${sealed.keyId}`));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(sealed.ciphertext.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** HMAC-SHA256 under the matching key; equal inputs give equal keys, nothing else is revealed. */
  matchKey(purpose: string, value: string): Buffer {
    return createHmac('sha256', this.matchingKey).update(`${purpose}\u0000${value}`).digest();
  }
}
