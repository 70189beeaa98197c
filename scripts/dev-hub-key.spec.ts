import { createPublicKey } from 'node:crypto';
import * as protocol from '@vt/lookups-protocol';
import { devHubSigningKey } from './dev-hub-key';

describe('the development hub key', () => {
  it('keeps its private half out of the protocol library that production code imports', () => {
    expect(Object.keys(protocol)).not.toContain('devHubSigningKey');
    expect(JSON.stringify(protocol)).not.toContain('FG3tjyArVTpPf7tiJrbymkpG');
  });

  it('is recognised by its thumbprint (RFC 7638), which production refuses', () => {
    const { key } = devHubSigningKey();
    expect(protocol.jwkThumbprint(createPublicKey(key))).toBe(protocol.DEV_HUB_KEY_THUMBPRINT);
    expect(protocol.DEV_HUB_KEY_THUMBPRINT).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
