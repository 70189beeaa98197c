import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { OrganisationKind } from './protocol';

/**
 * The hub's credential towards a source holder: a short-lived JWT signed with the hub's private
 * key (asymmetric, so a source holder can verify but never mint one).
 *
 * - `iss`: the hub's id; `aud`: the source holder's id (one token is good for one source only);
 * - `sub`: the slug of the organisation on whose behalf the hub asks, `org_kind` its kind;
 * - `iat`, `exp` (at most `MAX_TOKEN_LIFETIME_SECONDS` apart), `jti` (unique: a source holder
 *   accepts each token once);
 * - header `typ` = `HUB_TOKEN_TYPE`, so no other JWT signed with the same key passes as one.
 */
export const TOKEN_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export const MAX_TOKEN_LIFETIME_SECONDS = 300;
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 30;
export const ORGANISATION_KIND_CLAIM = 'org_kind';
export const ORGANISATION_SLUG_PATTERN = /^[a-z0-9-]{1,40}$/;
export const HUB_TOKEN_TYPE = 'vt-hub+jwt';

export interface HubTokenClaims {
  issuer: string;
  audience: string;
  organisation: string;
  organisationKind: OrganisationKind;
}

export interface HubSigningKey {
  key: KeyObject;
  kid: string;
  alg: (typeof TOKEN_ALGORITHMS)[number];
}

export function signHubToken(signing: HubSigningKey, claims: HubTokenClaims, lifetimeSeconds = 60): Promise<string> {
  return new SignJWT({ [ORGANISATION_KIND_CLAIM]: claims.organisationKind })
    .setProtectedHeader({ alg: signing.alg, kid: signing.kid, typ: HUB_TOKEN_TYPE })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.organisation)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(signing.key);
}
