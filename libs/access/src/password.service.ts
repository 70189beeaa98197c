import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import * as argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

@Injectable()
export class PasswordService implements OnModuleInit {
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private dummyHash = '';

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash('not-a-real-password-only-for-timing');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.passwordHashMemoryKib,
      timeCost: 2,
      parallelism: 1,
    });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    try {
      const ok = await argon2.verify(hash ?? this.dummyHash, password);
      return ok && hash !== undefined;
    } catch {
      return false;
    }
  }
}
