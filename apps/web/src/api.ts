/** Talks to the hub API. The access token lives in this module only (never in storage); the
 * refresh token is the httpOnly cookie the api sets, so a reload or an expired token refreshes. */

import type { components } from './api-types';
import { dutch } from './labels';

const BASE = '/api/v1';

export type User = components['schemas']['SessionUserDto'];

export type Session = components['schemas']['SessionDto'];

/**
 * The password step's answer when a second factor follows (docs/second-factor.md): no session yet.
 * `enrolment`: no factor enrolled yet, so the token allows enrolment only, which then opens the
 * session; `passkey`: options for the browser's passkey prompt, when the user has passkeys.
 */
export type SecondFactorStep = components['schemas']['SecondFactorChallengeDto'];

/** The answer of a first step that asks for a second factor before the session opens. */
export type SecondFactorPending = components['schemas']['SecondFactorStepDto'];

/** A field the api refused (a problem's `details`), its message in Dutch once it reaches a screen. */
export type FieldError = components['schemas']['Problem']['details'][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: FieldError[] = [],
    readonly retryAfterSeconds?: number,
    /** The problem's code (`access.reauthentication_required`), where a screen acts on it. */
    readonly code?: string,
  ) {
    super(message);
  }
}

let accessToken: string | null = null;
let onExpired: (message: string) => void = () => undefined;

/** The session layer learns here when the api no longer accepts us. */
export function onSessionExpired(handler: (message: string) => void): void {
  onExpired = handler;
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as { message?: unknown; details?: FieldError[]; code?: unknown };
  // Login throttling names the wait in its details; other 429s may use the standard header.
  const retryDetail = Array.isArray(body.details)
    ? body.details.find((d) => d.field === 'retryAfterSeconds')
    : undefined;
  const retry = Number(retryDetail?.message ?? res.headers.get('retry-after'));
  // The api speaks "Nederlands / English"; here, once, the screens get the Dutch half.
  return new ApiError(
    res.status,
    typeof body.message === 'string' ? dutch(body.message) : `Fout ${res.status}`,
    Array.isArray(body.details) ? body.details.map((d) => ({ field: d.field, message: dutch(String(d.message)) })) : [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
    typeof body.code === 'string' ? body.code : undefined,
  );
}

/** A request without the session's token; `bearer` is the enrolment-only token of the second factor. */
/** The browser's own failure ("Failed to fetch") is English: the screens get this instead. */
const UNREACHABLE = 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';

function reach(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, init).catch((error: unknown) => {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, UNREACHABLE);
  });
}

export async function post<T>(path: string, body: unknown, method = 'POST', bearer?: string): Promise<T> {
  const res = await reach(`${BASE}${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** `organisation` (a slug) is needed only when the api answers 409 asking for it. */
export async function login(
  email: string,
  password: string,
  organisation?: string,
): Promise<User | SecondFactorPending> {
  // The document's LoginAnswerDto merges both answers into one of optional fields; it is either.
  const answer = await post<Session | SecondFactorPending>('/auth/login', {
    email,
    password,
    organisation,
  });
  return 'secondFactor' in answer ? answer : begin(answer);
}

/** Keeps a new session's access token (after the password, or after the second factor). */
export function begin(session: Session): User {
  accessToken = session.accessToken;
  return session.user;
}

async function renew(): Promise<User | null> {
  try {
    const session = await post<Session>('/auth/refresh', {});
    accessToken = session.accessToken;
    return session.user;
  } catch {
    accessToken = null;
    return null;
  }
}

// One refresh at a time: the api rotates the cookie and treats a second use of the old one as
// theft, so parallel callers (queries meeting an expired token, a remounted effect) share one.
let refreshing: Promise<User | null> | null = null;

/** Restores or renews the session from the cookie; null when there is none. */
export function refresh(): Promise<User | null> {
  refreshing ??= renew().finally(() => (refreshing = null));
  return refreshing;
}

export async function logout(): Promise<void> {
  // The bearer token names the session too, so the api ends it even when the cookie is gone.
  const token = accessToken;
  accessToken = null;
  await fetch(`${BASE}/auth/logout`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  }).catch(() => undefined);
}

/** An authenticated request; a 401 refreshes once, and a second 401 ends the session. */
async function authorized(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const send = () =>
    reach(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  let res = await send();
  if (res.status === 401 && (await refresh())) res = await send();
  if (res.status === 401) {
    accessToken = null;
    onExpired('Uw sessie is verlopen. Log opnieuw in.');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await authorized(method, path, body);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * An authenticated request whose answer is read as it arrives (`application/x-ndjson`, one JSON
 * value per line): the body's stream once the status is known, errors thrown as by `api`.
 */
export async function apiStream(method: string, path: string, body?: unknown): Promise<ReadableStream<Uint8Array>> {
  const res = await authorized(method, path, body, { accept: 'application/x-ndjson' });
  if (!res.body) throw new ApiError(res.status, 'Leeg antwoord');
  return res.body;
}

/** Saves a file the api answers (the token cannot ride on a plain link, so it is fetched). */
export async function download(path: string, filename: string, accept?: string): Promise<void> {
  const blob = await (await authorized('GET', path, undefined, accept ? { accept } : {})).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Where the browser goes to sign in at its organisation's own identity provider. */
export function organisationSignInUrl(slug: string): string {
  return `${BASE}/auth/oidc/${encodeURIComponent(slug)}/start`;
}

/** Whether the organisation signs in at its own provider (the start answers 404 when not). */
export async function hasOrganisationSignIn(slug: string): Promise<boolean> {
  const res = await fetch(organisationSignInUrl(slug), { redirect: 'manual', credentials: 'same-origin' });
  return res.type === 'opaqueredirect' || res.ok;
}
