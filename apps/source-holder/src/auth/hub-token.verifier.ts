import { Inject, Injectable } from '@nestjs/common';
import {
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
      { aud: 'audience', iss: 'issuer', iat: 'uitgifte', nbf: 'nog_niet_geldig' }[error.claim] ?? `claim_${error.claim}`
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algoritme';
  return 'ongeldig_token';
}

/**
 * Verifies the hub's token: signature by one of the configured public keys (chosen by `kid`),
 * issuer, audience (this source holder), expiry, and a lifetime of at most a few minutes.
 */
@Injectable()
export class HubTokenVerifier {
  constructor(@Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig) {}

  async verify(token: string): Promise<HubPrincipal> {
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        issuer: this.config.hubIssuer,
        audience: this.config.id,
        algorithms: [...TOKEN_ALGORITHMS],
        requiredClaims: ['iat', 'exp', 'jti', 'sub'],
        clockTolerance: TOKEN_CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      });
      // exp, iat and jti are present (requiredClaims) and numeric (checked by jose).
      if ((payload.exp as number) - (payload.iat as number) > MAX_TOKEN_LIFETIME_SECONDS) {
        throw new TokenRefused('te_lange_geldigheid');
      }
      const kind = payload[ORGANISATION_KIND_CLAIM];
      if (
        typeof payload.sub !== 'string' ||
        !ORGANISATION_SLUG_PATTERN.test(payload.sub) ||
        !ORGANISATION_KINDS.includes(kind as OrganisationKind) ||
        typeof payload.jti !== 'string'
      ) {
        throw new TokenRefused('claims');
      }
      return {
        issuer: payload.iss as string,
        tokenId: payload.jti.slice(0, 100),
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
