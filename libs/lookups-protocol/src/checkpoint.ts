import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { jwkThumbprint } from './jwk-thumbprint';

/**
 * A signed checkpoint of one audit chain: its head (chain id, sequence number, hash) at a moment,
 * signed by the hub with an Ed25519 key the hub database never holds, and handed to a witness
 * outside the hub (a source holder, run by another organisation). A database superuser who
 * rewrites and re-hashes the chain cannot produce a matching signature, and cannot reach the
 * witness's copy.
 */
export interface AuditCheckpoint {
  chainId: string;
  /** Sequence number of the chain's head entry, as a decimal string (bigint in the database). */
  seq: string;
  /** The head entry's hash (hex SHA-256). */
  hash: string;
  /** ISO 8601 in UTC with milliseconds, exactly as signed. */
  signedAt: string;
  /** `kid` of the signing key. */
  keyId: string;
  /** Ed25519 signature over `checkpointMessage`, base64url. */
  signature: string;
}

/** The checkpoint as the witness protocol carries it (Dutch names, as the rest of the protocol). */
export interface WitnessCheckpoint {
  ketenId: string;
  volgnummer: string;
  hash: string;
  ondertekendOp: string;
  sleutelId: string;
  handtekening: string;
}

export const WITNESS_PATH = '/getuige/v1/checkpoints';

export function toWitness(checkpoint: AuditCheckpoint): WitnessCheckpoint {
  return {
    ketenId: checkpoint.chainId,
    volgnummer: checkpoint.seq,
    hash: checkpoint.hash,
    ondertekendOp: checkpoint.signedAt,
    sleutelId: checkpoint.keyId,
    handtekening: checkpoint.signature,
  };
}

export function fromWitness(checkpoint: WitnessCheckpoint): AuditCheckpoint {
  return {
    chainId: checkpoint.ketenId,
    seq: checkpoint.volgnummer,
    hash: checkpoint.hash,
    signedAt: checkpoint.ondertekendOp,
    keyId: checkpoint.sleutelId,
    signature: checkpoint.handtekening,
  };
}

/** The exact bytes signed: a fixed prefix (no other signed message can pass as one) and the fields. */
export function checkpointMessage(c: Pick<AuditCheckpoint, 'chainId' | 'seq' | 'hash' | 'signedAt'>): Buffer {
  return Buffer.from(`vt-audit-checkpoint/v1\n${c.chainId}\n${c.seq}\n${c.hash}\n${c.signedAt}`, 'utf8');
}

export interface CheckpointKey {
  kid: string;
  key: KeyObject;
}

export function signCheckpoint(
  signing: CheckpointKey,
  head: Pick<AuditCheckpoint, 'chainId' | 'seq' | 'hash' | 'signedAt'>,
): AuditCheckpoint {
  const signature = sign(null, checkpointMessage(head), signing.key).toString('base64url');
  return { ...head, keyId: signing.kid, signature };
}

/** True when a key of `keys` with the checkpoint's `kid` signed exactly these fields. */
export function checkpointSignatureValid(checkpoint: AuditCheckpoint, keys: readonly CheckpointKey[]): boolean {
  const key = keys.find((k) => k.kid === checkpoint.keyId);
  if (!key) return false;
  try {
    return verify(null, checkpointMessage(checkpoint), key.key, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}

/**
 * DEVELOPMENT ONLY: the demo's and tests' checkpoint key pair, so they run without configuration.
 * Production refuses it by its thumbprint, whatever `kid` it is given.
 */
export const DEV_CHECKPOINT_KEY_ID = 'dev-only-checkpoint-1';
const DEV_CHECKPOINT_PUBLIC_JWK = { kty: 'OKP', crv: 'Ed25519', x: '0pDV1_UF_dz9WJmClEgrepUVij_lOiy0XkDFGBlbo1Q' };
export const DEV_CHECKPOINT_PRIVATE_JWK = JSON.stringify({
  ...DEV_CHECKPOINT_PUBLIC_JWK,
  d: '0CReieqvM1aN-Gm90mI84RLtAy1C_92bJ1IUE0MgJ6o',
  kid: DEV_CHECKPOINT_KEY_ID,
});
/** The public half as a JWK Set, the format witnesses are configured with. */
export const DEV_CHECKPOINT_PUBLIC_JWKS = JSON.stringify({
  keys: [{ ...DEV_CHECKPOINT_PUBLIC_JWK, kid: DEV_CHECKPOINT_KEY_ID, alg: 'EdDSA', use: 'sig' }],
});
export const DEV_CHECKPOINT_KEY_THUMBPRINT = jwkThumbprint(
  createPublicKey({ key: DEV_CHECKPOINT_PUBLIC_JWK, format: 'jwk' }),
);
