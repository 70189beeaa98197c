import { generateKeyPairSync } from 'node:crypto';
import { signHubToken } from '@vt/lookups-protocol';
import { loadSourceHolderConfig } from '../source-holder-config';
import { HubTokenVerifier } from './hub-token.verifier';

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (key: typeof ed.publicKey, kid: string) => ({ ...key.export({ format: 'jwk' }), kid });

const verifier = new HubTokenVerifier(
  loadSourceHolderConfig({
    NODE_ENV: 'test',
    SOURCE_HOLDER_ID: 'gi',
    HUB_ISSUER: 'vt-hub',
    HUB_PUBLIC_KEYS: JSON.stringify({ keys: [jwk(ed.publicKey, 'old'), jwk(ec.publicKey, 'new')] }),
  }),
);
const claims = {
  issuer: 'vt-hub',
  audience: 'gi',
  organisation: 'vt-midden',
  organisationKind: 'veilig_thuis',
} as const;

describe('HubTokenVerifier', () => {
  it('accepts EdDSA and ES256 tokens, each by its own key id (rotation)', async () => {
    for (const signing of [
      { key: ed.privateKey, kid: 'old', alg: 'EdDSA' },
      { key: ec.privateKey, kid: 'new', alg: 'ES256' },
    ] as const) {
      await expect(verifier.verify(await signHubToken(signing, claims))).resolves.toMatchObject({
        issuer: 'vt-hub',
        organisation: 'vt-midden',
        organisationKind: 'veilig_thuis',
      });
    }
  });

  it('refuses a token signed by one key under the other key id, or with a mismatched algorithm', async () => {
    await expect(
      verifier.verify(await signHubToken({ key: ed.privateKey, kid: 'new', alg: 'EdDSA' }, claims)),
    ).rejects.toMatchObject({ reason: 'algoritme' });
    await expect(
      verifier.verify(await signHubToken({ key: ec.privateKey, kid: 'old', alg: 'ES256' }, claims)),
    ).rejects.toMatchObject({ reason: 'algoritme' });
  });

  it('refuses what is not a JWT', async () => {
    await expect(verifier.verify('not.a.jwt')).rejects.toMatchObject({ reason: 'ongeldig_token' });
  });
});
