import {
  AuditCheckpoint,
  fromWitness,
  HubSigningKey,
  OrganisationKind,
  signHubToken,
  toWitness,
  TRACEPARENT_HEADER,
  TRANSACTION_ID_HEADER,
  uuidV7,
  WITNESS_PATH,
  WitnessCheckpoint,
} from '@vt/lookups-protocol';
import type { TlsFiles } from '@vt/common';
import type { Response } from 'undici';
import { sourceHolderFetch } from './source-holder-fetch';
import { newTraceId, traceparent } from './trace';

export interface AuditWitnessClientOptions {
  /** The witness's base URL (a source holder). */
  url: string;
  /** The witness's SOURCE_HOLDER_ID: the audience of the tokens. */
  audience: string;
  /** The hub's issuer, as the witness knows it (its HUB_ISSUER). */
  issuer: string;
  signingKey: HubSigningKey;
  /** For each request, answer included. */
  timeoutMs: number;
  /** The organisation the token names (`sub`) and its kind; the witness files checkpoints by issuer, not by this. */
  organisation: string;
  organisationKind: OrganisationKind;
  /** The hub's client certificate towards the witness (mutual TLS); absent or null: plain HTTP. */
  tls?: TlsFiles | null;
}

/** `stored`: new at the witness; `held`: it already held this head; `conflict`: it holds a contradicting one. */
export type WitnessSubmission = 'stored' | 'held' | 'conflict';

/** The witness could not be asked, or answered other than the protocol allows. */
export class AuditWitnessError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or null when no answer came (unreachable, timeout, too large). */
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AuditWitnessError';
  }
}

/** Witness answers are a few hundred bytes; a larger one is not read. */
const MAX_ANSWER_BYTES = 16 * 1024;

const WITNESS_FIELDS = ['ketenId', 'volgnummer', 'hash', 'ondertekendOp', 'sleutelId', 'handtekening'] as const;

function isWitnessCheckpoint(value: unknown): value is WitnessCheckpoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    WITNESS_FIELDS.every((field) => typeof (value as Record<string, unknown>)[field] === 'string')
  );
}

/**
 * The hub's side of the witness protocol: hands a signed audit checkpoint to one witness and
 * reads back the newest it holds. Each request carries a fresh hub token for the witness's
 * audience, a UUID v7 transaction id and trace context, as lookups do. It does not check the
 * signature of what it reads back: the caller compares it with its own chain.
 */
export class AuditWitnessClient {
  private readonly baseUrl: string;
  private readonly fetch;

  constructor(private readonly options: AuditWitnessClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.fetch = sourceHolderFetch(options.tls ?? null);
  }

  /** Throws `AuditWitnessError` when unreachable, on 5xx, and on any 4xx other than 409. */
  async submit(checkpoint: AuditCheckpoint): Promise<WitnessSubmission> {
    const res = await this.request('POST', WITNESS_PATH, toWitness(checkpoint));
    if (res.status === 201 || res.status === 200 || res.status === 409) {
      await res.body?.cancel();
      return res.status === 201 ? 'stored' : res.status === 200 ? 'held' : 'conflict';
    }
    throw await this.failure(res);
  }

  /** The checkpoint with the highest seq the witness holds for the chain, or null when it holds none. */
  async latest(chainId: string): Promise<AuditCheckpoint | null> {
    const res = await this.request('GET', `${WITNESS_PATH}/${encodeURIComponent(chainId)}`);
    if (res.status !== 200) throw await this.failure(res);
    const body = await this.read(res);
    const latest = typeof body === 'object' && body !== null ? (body as { laatste?: unknown }).laatste : undefined;
    if (latest === null) return null;
    if (!isWitnessCheckpoint(latest)) {
      throw new AuditWitnessError('Onverwacht antwoord van de getuige / unexpected answer from the witness', 200);
    }
    return fromWitness(latest);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: WitnessCheckpoint): Promise<Response> {
    const { signingKey, issuer, audience, organisation, organisationKind, timeoutMs } = this.options;
    const token = await signHubToken(signingKey, { issuer, audience, organisation, organisationKind });
    // Covers the answer's body too: fetch aborts its stream on the same signal.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          [TRANSACTION_ID_HEADER]: uuidV7(),
          [TRACEPARENT_HEADER]: traceparent(newTraceId()),
          accept: 'application/json',
          // Uncompressed, so Content-Length is the size read (see `read`).
          'accept-encoding': 'identity',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal,
      });
    } catch (error) {
      throw new AuditWitnessError(
        signal.aborted
          ? `Getuige antwoordt niet binnen ${timeoutMs} ms / witness timed out (${method} ${path})`
          : `Getuige niet bereikbaar / witness unreachable (${method} ${path})`,
        null,
        { cause: error },
      );
    }
  }

  /**
   * The answer as JSON, read only when it declares a length within `MAX_ANSWER_BYTES` and no
   * compression: the client then reads exactly that many bytes, never an unbounded stream.
   */
  private async read(res: Response): Promise<unknown> {
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    if (res.headers.has('content-encoding') || !(length <= MAX_ANSWER_BYTES)) {
      await res.body?.cancel();
      throw new AuditWitnessError(
        'Antwoord van de getuige zonder lengte, gecomprimeerd of te groot / witness answer without length, compressed or too large',
        null,
      );
    }
    try {
      return JSON.parse(await res.text()) as unknown;
    } catch (error) {
      throw new AuditWitnessError(
        'Onleesbaar antwoord van de getuige / unreadable answer from the witness',
        res.status,
        {
          cause: error,
        },
      );
    }
  }

  /** An error naming the status and, when the witness said, its error code. */
  private async failure(res: Response): Promise<AuditWitnessError> {
    const body = await this.read(res).catch(() => null);
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return new AuditWitnessError(
      `Getuige weigert of faalt / witness refused or failed: ${res.status}${typeof code === 'string' ? ` ${code}` : ''}`,
      res.status,
    );
  }
}
