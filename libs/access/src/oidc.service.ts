import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@vt/audit';
import { HUB_CONFIG, HubConfig, REDIS } from '@vt/common';
import type Redis from 'ioredis';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { AccessException } from './access.exception';
import { AuthService, RequestOrigin, Session } from './auth.service';
import { IdentityProvider } from './identity-provider.entity';
import { multiFactorAtProvider } from './oidc-strength';
import { OrganisationsRepository } from './organisations.repository';
import { SecondFactorGate, SecondFactorStep } from './second-factor-gate.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** How long a browser has at the provider between start and callback. */
const FLOW_TTL_SECONDS = 600;
/** A provider's discovered metadata is asked again after this long (or when its row changes). */
const DISCOVERY_TTL_MS = 15 * 60 * 1000;

/** Why a sign-in was refused; the audit names it, the web app shows the key's Dutch message. */
export type OidcRefusal =
  | 'state_invalid'
  | 'provider_error'
  | 'provider_unavailable'
  | 'unknown_account'
  | 'subject_mismatch'
  | 'inactive_account';

/** The web app's login screen shows a Dutch message per key; refusals of an account share one. */
export const OIDC_ERROR_KEYS: Record<OidcRefusal, string> = {
  state_invalid: 'oidc_expired',
  provider_error: 'oidc_failed',
  provider_unavailable: 'oidc_unavailable',
  unknown_account: 'oidc_refused',
  subject_mismatch: 'oidc_refused',
  inactive_account: 'oidc_refused',
};

/**
 * A session; or the hub's own second factor still to pass, its step kept on the server under
 * `pending` (the browser gets only that id, in a cookie); or why there is none.
 */
export type OidcOutcome = { session: Session } | { pending: string } | { refused: OidcRefusal };

/** What the hub keeps of a flow between start and callback: in Redis, one use, never in the browser. */
interface Flow {
  organisationId: string;
  state: string;
  nonce: string;
  verifier: string;
}

class Refused extends Error {
  constructor(
    readonly reason: OidcRefusal,
    readonly user?: User,
  ) {
    super(reason);
  }
}

/** `a === b` in constant time. */
function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Sign-in through the organisation's own OpenID Connect provider (authorisation code with PKCE).
 * The provider says who the person is; the hub decides whether that is one of the organisation's
 * active users, and with which roles: no account is ever created here.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly discovered = new Map<
    string,
    { version: string; until: number; configuration: Promise<client.Configuration> }
  >();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly secondFactor: SecondFactorGate,
  ) {}

  /**
   * Starts a flow: the URL to send the browser to, and the state the browser must bring back in a
   * cookie of its own (so a flow started in another browser cannot be finished in this one).
   */
  async start(slug: string): Promise<{ url: URL; state: string } | { refused: OidcRefusal }> {
    const provider = await this.providerOf(slug);
    try {
      const configuration = await this.configurationOf(provider);
      const flow: Flow = {
        organisationId: provider.organisationId,
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      await this.redis.set(this.flowKey(flow.state), JSON.stringify(flow), 'EX', FLOW_TTL_SECONDS);
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: provider.redirectUri,
        scope: 'openid email',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      return { url, state: flow.state };
    } catch (error) {
      this.logger.error(`OpenID Connect sign-in of ${slug} cannot start: ${(error as Error).message}`);
      return { refused: 'provider_unavailable' };
    }
  }

  /** Finishes a flow at the callback: a session, or why there is none (audited either way). */
  async finish(
    slug: string,
    query: URLSearchParams,
    boundState: string | undefined,
    origin: RequestOrigin,
  ): Promise<OidcOutcome> {
    const provider = await this.providerOf(slug);
    try {
      const { user, claims } = await this.identify(provider, query, boundState);
      if (multiFactorAtProvider({ amr: claims.amr, acr: claims.acr }, provider.mfaAcr)) {
        return { session: await this.auth.openSession(user, origin, 'oidc+provider_mfa', true) };
      }
      const step = await this.secondFactor.begin(user, 'oidc');
      if (!step) return { session: await this.auth.openSession(user, origin, 'oidc') };
      const pending = randomBytes(32).toString('base64url');
      await this.redis.set(this.pendingKey(pending), JSON.stringify(step), 'EX', step.expiresIn);
      return { pending };
    } catch (error) {
      if (!(error instanceof Refused)) {
        this.logger.error(`OpenID Connect sign-in of ${slug} failed: ${(error as Error).message}`);
      }
      const refusal = error instanceof Refused ? error : new Refused('provider_unavailable');
      await this.audit.record({
        action: 'login',
        subjectType: 'Session',
        outcome: 'failure',
        purpose: `oidc_${refusal.reason}`,
        actorUserId: refusal.user?.id ?? null,
        actorOrganisationId: refusal.user?.organisationId ?? null,
        actorRoles: refusal.user?.roles ?? [],
        // Named even when nobody was identified, so the organisation's privacy officer finds it.
        subjectOrganisationId: provider.organisationId,
        requestId: origin.requestId,
        clientAddress: origin.clientAddress,
      });
      return { refused: refusal.reason };
    }
  }

  /**
   * The second factor's step of a sign-in at the provider, once: the web app asks for it when the
   * callback sent it back to the login screen. Undefined when unknown, taken or expired.
   */
  async takePendingStep(pending: string): Promise<SecondFactorStep | undefined> {
    const stored = await this.redis.getdel(this.pendingKey(pending)).catch(() => null);
    return stored ? (JSON.parse(stored) as SecondFactorStep) : undefined;
  }

  private async identify(
    provider: IdentityProvider,
    query: URLSearchParams,
    boundState?: string,
  ): Promise<{ user: User; claims: client.IDToken }> {
    const state = query.get('state');
    if (!state || !boundState || !same(state, boundState)) throw new Refused('state_invalid');
    // One use: a replayed callback (same code, same state) finds nothing.
    const stored = await this.redis.getdel(this.flowKey(state));
    const flow = stored ? (JSON.parse(stored) as Flow) : undefined;
    if (!flow || flow.organisationId !== provider.organisationId) throw new Refused('state_invalid');

    const configuration = await this.configurationOf(provider);
    // The token request names the redirect URI as registered, whatever host the request came in on.
    const callback = new URL(provider.redirectUri);
    callback.search = query.toString();
    let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      // The provider's error code only: never the code or a token.
      const code = (error as { error?: unknown; code?: unknown }).error ?? (error as { code?: unknown }).code;
      this.logger.warn(`OpenID Connect provider refused the code: ${String(code)}`);
      throw new Refused('provider_error');
    }
    const claims = tokens.claims();
    if (!claims) throw new Refused('provider_error');
    return { user: await this.match(provider, configuration, claims.sub, claims, tokens.access_token), claims };
  }

  /**
   * By subject (at this issuer) first; else by an e-mail address the provider has verified, which
   * links the subject for next time. Only within the provider's own organisation, only active users.
   */
  private async match(
    provider: IdentityProvider,
    configuration: client.Configuration,
    subject: string,
    idClaims: client.IDToken,
    accessToken: string,
  ): Promise<User> {
    const issuer = configuration.serverMetadata().issuer;
    let user = await this.users.linkedTo(provider.organisationId, issuer, subject);
    if (!user) {
      // Providers that follow the standard give scope claims at the userinfo endpoint only.
      const inIdToken = idClaims.email !== undefined && idClaims.email_verified !== undefined;
      const claims = (inIdToken ? idClaims : await client.fetchUserInfo(configuration, accessToken, subject)) as {
        email?: unknown;
        email_verified?: unknown;
      };
      if (typeof claims.email !== 'string' || claims.email_verified !== true) throw new Refused('unknown_account');
      user = await this.users.findByOrganisationAndEmail(provider.organisationId, claims.email.trim().toLowerCase());
      if (!user) throw new Refused('unknown_account');
      // Refused before linking: a deactivated account gains no link it could use once reactivated.
      if (!user.active) throw new Refused('inactive_account', user);
      // Already linked to another subject of this provider: the address alone does not move it.
      if (!(await this.users.link(user.id, issuer, subject))) throw new Refused('subject_mismatch', user);
    }
    if (!user.active) throw new Refused('inactive_account', user);
    return user;
  }

  /** The organisation's provider; an unknown slug and an organisation without one answer the same 404. */
  private async providerOf(slug: string): Promise<IdentityProvider> {
    const provider = /^[a-z0-9-]{1,100}$/.test(slug) ? await this.organisations.identityProviderOf(slug) : null;
    if (!provider) throw AccessException.notFound();
    return provider;
  }

  private configurationOf(provider: IdentityProvider): Promise<client.Configuration> {
    const version = `${provider.issuer} ${provider.clientId} ${provider.updatedAt.toISOString()}`;
    const cached = this.discovered.get(provider.organisationId);
    if (cached && cached.version === version && cached.until > Date.now()) return cached.configuration;
    const secret = process.env[provider.clientSecretEnv];
    if (!secret) {
      return Promise.reject(new Error(`${provider.clientSecretEnv} is not set: the client secret is missing`));
    }
    const configuration = client.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      client.ClientSecretBasic(secret),
      // Plain http only for a provider on a developer's machine or in the tests.
      this.config.nodeEnv === 'production' ? undefined : { execute: [client.allowInsecureRequests] },
    );
    this.discovered.set(provider.organisationId, { version, until: Date.now() + DISCOVERY_TTL_MS, configuration });
    configuration.catch(() => this.discovered.delete(provider.organisationId));
    return configuration;
  }

  private flowKey(state: string): string {
    return `${this.config.redisPrefix}:oidc:${state}`;
  }

  private pendingKey(pending: string): string {
    return `${this.config.redisPrefix}:oidc-second-factor:${pending}`;
  }
}
