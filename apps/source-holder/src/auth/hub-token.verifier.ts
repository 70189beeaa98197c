import { Inject, Injectable } from '@nestjs/common';
import {
  HUB_TOKEN_TYPE,
  MAX_TOKEN_LIFETIME_SECONDS,
  ORGANISATION_KIND_CLAIM,
  ORGANISATION_KINDS,
  ORGANISATION_SLUG_PATTERN,
  OrganisationKind,
  TOKEN_ALGORITHMS,
  TOKEN_CLOCK_TOLERANCE_SECONDS,
} from '@vt/lookups-protocol';
import { errors, JWTHeaderParameters, jwtVerify } from 'jose';
import { SourceHolderConfig } from '../source-holder-config';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';

/** The registered hub, asking on behalf of one organisation, as its token says. */
export interface HubPrincipal {
  issuer: string;
  tokenId: string;
  /** Until when the token could be accepted (expiry plus clock tolerance): how long to remember its id. */
  usableUntil: Date;
  organisation: string;
  organisationKind: OrganisationKind;
}

declare module 'express-serve-static-core' {
  interface Request {
    hub?: HubPrincipal;
  }
}

/** Why a token was refused; logged at the source, never told to the caller. */
export class TokenRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TokenRefused';
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof TokenRefused) return error.reason;
  if (error instanceof errors.JWTExpired) return 'verlopen';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'handtekening';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return (
      { aud: 'audience', iss: 'issuer', iat: 'uitgifte', nbf: 'nog_niet_geldig', typ: 'type' }[error.claim] ??
      `claim_${error.claim}`
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algoritme';
  return 'ongeldig_token';
}

/**
 * Verifies the hub's token: signature by one of the configured public keys (chosen by `kid`),
 * type, issuer, audience (this source holder alone), expiry, and a lifetime of at most a few
 * minutes. That the token is used only once is checked by `HubTokenIds`.
 */
@Injectable()
export class HubTokenVerifier {
  constructor(@Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig) {}

  async verify(token: string): Promise<HubPrincipal> {
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        issuer: this.config.hubIssuer,
        audience: this.config.id,
        typ: HUB_TOKEN_TYPE,
        algorithms: [...TOKEN_ALGORITHMS],
        requiredClaims: ['iat', 'exp', 'jti', 'sub'],
        clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      });
      // exp, iat and jti are present (requiredClaims) and numeric (checked by jose).
      if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_LIFETIME_SECONDS) {
        throw new TokenRefused('te_lange_geldigheid');
      }
      // One token is good for one source only: jose would accept a list that names this one.
      if (typeof payload.aud !== 'string') throw new TokenRefused('audience');
      const kind = payload[ORGANISATION_KIND_CLAIM];
      if (
        typeof payload.sub !== 'string' ||
        !ORGANISATION_SLUG_PATTERN.test(payload.sub) ||
        !ORGANISATION_KINDS.includes(kind as OrganisationKind) ||
        typeof payload.jti !== 'string' ||
        payload.jti.length === 0 ||
        payload.jti.length > 100
      ) {
        throw new TokenRefused('claims');
      }
      return {
        issuer: payload.iss as string,
        tokenId: payload.jti,
        usableUntil: new Date(((payload.exp as number) + TOKEN_CLOCK_TOLERANCE_SECONDS) * 1000),
        organisation: payload.sub,
        organisationKind: kind as OrganisationKind,
      };
    } catch (error) {
      throw new TokenRefused(reasonOf(error));
    }
  }

  private keyFor(header: JWTHeaderParameters) {
    const keys = this.config.hubKeys;
    const found = header.kid === undefined && keys.length === 1 ? keys[0] : keys.find((key) => key.kid === header.kid);
    if (!found) throw new TokenRefused('onbekende_sleutel');
    if (found.alg !== header.alg) throw new TokenRefused('algoritme');
    return found.key;
  }
}
