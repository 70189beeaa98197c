import { Injectable } from '@nestjs/common';
import type { HubPrincipal } from './hub-token.verifier';
import { HubTokenIdsRepository } from './hub-token-ids.repository';

/**
 * Single use of hub tokens: a token's id is claimed in the database on first use, and a second
 * use is refused until the token has expired (after which its signature check refuses it).
 */
@Injectable()
export class HubTokenIds {
  constructor(private readonly ids: HubTokenIdsRepository) {}

  /** True on the token's first use; false when its id was used before. Database errors propagate. */
  claim(hub: HubPrincipal): Promise<boolean> {
    return this.ids.add(hub.issuer, hub.tokenId, hub.usableUntil);
  }
}
