import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubConfig, loadHubConfig } from '@vt/common';
import { SourceHolderClient } from './source-holder.client';
import type { SourceHolderTarget } from './source-holder-registry.service';

const signingKey = JSON.stringify({
  ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
  kid: 'hub-test',
});
const client = (env: Record<string, string>, change: (config: HubConfig) => void = () => undefined) => {
  const config = loadHubConfig(env);
  change(config);
  return new SourceHolderClient(config);
};

describe('custody access from configuration', () => {
  it('sends the OIN with the hub token, or with the API key and no signing key needed', () => {
    expect(client({ HUB_SIGNING_KEY: signingKey, CUSTODY_OIN: '00000001823288444000' }).custodyAccess()).toEqual({
      credentials: 'hub-token',
      headers: { OIN: '00000001823288444000' },
    });
    expect(client({ CUSTODY_AUTH: 'api-key', CUSTODY_API_KEY: 'k'.repeat(20) }).custodyAccess()).toEqual({
      credentials: { header: 'X-API-KEY', value: 'k'.repeat(20) },
      headers: { OIN: '00000000000000000000' },
    });
  });

  it('refuses before anything is sent without an OIN, or without a signing key for the hub token', () => {
    expect(() =>
      client({ HUB_SIGNING_KEY: signingKey }, (config) => (config.custody.oin = null)).custodyAccess(),
    ).toThrow('CUSTODY_OIN');
    expect(() => client({}).custodyAccess()).toThrow('HUB_SIGNING_KEY');
  });
});

describe('answers', () => {
  it('takes a source over its rate limit (429) as unavailable, not as an answer', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '30' });
      res.end(JSON.stringify({ status: 429, code: 'common.throttled' }));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    try {
      const reply = await client({}).send({
        target: { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } as SourceHolderTarget,
        method: 'POST',
        path: '/bekendheid/v1/bevragingen',
        requester: { slug: 'vt-unit', kind: 'veilig_thuis' },
        transactionId: '01890a5d-ac96-774b-bcce-b302099a8057',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        body: {},
        credentials: { header: 'X-API-KEY', value: 'unit' },
      });
      expect(reply).toEqual({ ok: false, failure: 'unavailable' });
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });
});
