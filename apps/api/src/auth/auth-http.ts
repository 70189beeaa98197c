import type { RequestOrigin, Session } from '@vt/access';
import type { HubConfig } from '@vt/common';
import type { Request, Response } from 'express';

/** Who asks, for the audit. */
export function requestOrigin(req: Request): RequestOrigin {
  return { clientAddress: req.ip ?? 'unknown', requestId: req.requestId };
}

/** The web app's refresh token: httpOnly, sent only to the auth endpoints. */
export const REFRESH_COOKIE = 'vt_refresh';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

export function setRefreshCookie(res: Response, config: HubConfig, session: Session): void {
  res.cookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure: config.nodeEnv === 'production',
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: session.refreshExpiresAt,
  });
}

/**
 * Holds the id of a sign-in at the organisation's provider that still needs the hub's second
 * factor, from the callback until the web app asks for that step (docs/second-factor.md).
 */
export const PENDING_SECOND_FACTOR_COOKIE = 'vt_second_factor';
export const PENDING_SECOND_FACTOR_PATH = '/api/v1/auth/second-factor';

/** A cookie's value from the request, when it has the shape of one of ours. */
export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.header('cookie') ?? '';
  return new RegExp(`(?:^|;\\s*)${name}=([A-Za-z0-9_-]+)`).exec(header)?.[1];
}

/** A session's answer: the refresh token in the body for API clients and in an httpOnly cookie for the web app. */
export function sessionBody(res: Response, config: HubConfig, session: Session) {
  setRefreshCookie(res, config, session);
  const { accessToken, expiresIn, refreshToken, user } = session;
  return { accessToken, expiresIn, refreshToken, user };
}

export function bearerToken(req: Request): string | undefined {
  return /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.header('authorization') ?? '')?.[1];
}
