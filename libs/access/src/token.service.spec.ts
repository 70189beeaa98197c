import { loadHubConfig } from '@vt/common';
import { AccessException } from './access.exception';
import { TokenService } from './token.service';

describe('TokenService', () => {
  const tokens = new TokenService(loadHubConfig({ ACCESS_TOKEN_TTL_SECONDS: '60' }));
  const refused = expect.objectContaining({ code: 'access.unauthenticated' }) as AccessException;

  afterEach(() => jest.useRealTimers());

  it('gives the same claims for a token it has verified before', async () => {
    const token = await tokens.sign('user-1', 'org-1', 'session-1');
    const first = await tokens.verify(token);
    expect(first).toEqual({
      userId: 'user-1',
      organisationId: 'org-1',
      tokenId: expect.any(String),
      sessionId: 'session-1',
    });
    expect(await tokens.verify(token)).toEqual(first);
  });

  it('refuses a token with another signature, also after the genuine one was verified', async () => {
    const token = await tokens.sign('user-1', 'org-1', 'session-1');
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const forged = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(tokens.verify(forged)).rejects.toEqual(refused);
  });

  it('refuses a verified token once it has expired', async () => {
    const token = await tokens.sign('user-1', 'org-1', 'session-1');
    await tokens.verify(token);
    // The clock only: the signature check runs on promises and the crypto thread pool.
    jest.useFakeTimers({ now: Date.now() + 61_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    await expect(tokens.verify(token)).rejects.toEqual(refused);
  });
});
