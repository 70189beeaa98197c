import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Hub, TestOrganisation } from './hub';

export interface TestProvider {
  issuer: string;
  stop(): Promise<void>;
}

/**
 * Runs oidc-provider in a process of its own (support/oidc-provider.mjs) with a client for each
 * organisation, and configures each organisation's sign-in there. The client secret is handed to
 * the api in an environment variable, as in production.
 */
export async function startTestProvider(hub: Hub, orgs: TestOrganisation[]): Promise<TestProvider> {
  const secretEnv = `OIDC_E2E_${randomBytes(4).toString('hex').toUpperCase()}`;
  const secret = randomBytes(24).toString('base64url');
  process.env[secretEnv] = secret;
  const callback = (org: TestOrganisation) => `${hub.url}/api/v1/auth/oidc/${org.slug}/callback`;
  const clients = orgs.map((org) => ({
    client_id: `hub-${org.slug}`,
    client_secret: secret,
    redirect_uris: [callback(org)],
  }));
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: { ...process.env, OIDC_TEST_CLIENTS: JSON.stringify(clients) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+)\n/.exec(out);
      if (ready) resolve(ready[1]);
    });
    void exited.then(() => reject(new Error(`the provider stopped: ${out}`)));
  });
  for (const org of orgs) {
    await hub.db.query(
      `INSERT INTO organisation_identity_providers (organisation_id, issuer, client_id, client_secret_env, redirect_uri)
       VALUES ($1, $2, $3, $4, $5)`,
      [org.id, issuer, `hub-${org.slug}`, secretEnv, callback(org)],
    );
  }
  return {
    issuer,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      delete process.env[secretEnv];
    },
  };
}

/** The provider's test route that signs a person in (support/oidc-provider.mjs), for an interaction page. */
export function providerLogin(
  interactionUrl: string,
  identity: { sub: string; email: string; verified?: boolean; amr?: string[]; acr?: string },
) {
  const login = new URL(`${interactionUrl}/login`);
  login.search = new URLSearchParams({
    sub: identity.sub,
    email: identity.email,
    verified: String(identity.verified ?? true),
    ...(identity.amr ? { amr: identity.amr.join(',') } : {}),
    ...(identity.acr ? { acr: identity.acr } : {}),
  }).toString();
  return login.href;
}
