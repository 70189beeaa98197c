import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as dutch from '@zxcvbn-ts/language-nl-be';
import * as argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 12;

/**
 * Below this zxcvbn score (fewer than 10^8 guesses) a password counts as guessable: found in the
 * shipped list of common and breached passwords or in Dutch words and names, whole or with digits
 * and symbols around it, or a repetition, a sequence or a keyboard walk (NIST SP 800-63B 3.1.1.2).
 */
const MIN_STRENGTH_SCORE = 3;

/** Parts of a name or an e-mail address this long or longer may not appear in the password. */
const MIN_PERSONAL_PART = 4;

export const PASSWORD_TOO_SHORT = `wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens hebben / password too short`;
const PASSWORD_PERSONAL = 'wachtwoord mag uw naam of e-mailadres niet bevatten / password contains your name or e-mail';
const PASSWORD_GUESSABLE =
  'wachtwoord is te makkelijk te raden: veelgebruikt, uitgelekt, een bekend woord of een reeks / password too easy to guess';

/** Whose password it is, for the check against their own name and address. */
export interface PasswordOwner {
  name: string;
  email: string;
}

let estimator: ZxcvbnFactory | undefined;

/** Built on first use: reading the dictionaries takes a few hundred milliseconds. */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...dutch.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** The words of the owner's name and of the address before the @ (the domain is the organisation's). */
function personalParts(owner: PasswordOwner): string[] {
  const local = owner.email.toLowerCase().split('@')[0];
  return `${owner.name.toLowerCase()} ${local}`
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length >= MIN_PERSONAL_PART);
}

@Injectable()
export class PasswordService implements OnModuleInit {
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private dummyHash = '';

  constructor(@Inject(HUB_CONFIG) private readonly config: HubConfig) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash('not-a-real-password-only-for-timing');
  }

  /**
   * Why a new password is refused; empty when it is acceptable. No composition rules (NIST): the
   * length, the lists and, when known, the owner's own name and address decide.
   */
  problems(password: string, owner?: PasswordOwner): string[] {
    if ([...password].length < MIN_PASSWORD_LENGTH) return [PASSWORD_TOO_SHORT];
    const lower = password.toLowerCase();
    if (owner && personalParts(owner).some((part) => lower.includes(part))) return [PASSWORD_PERSONAL];
    const inputs = owner ? [owner.name, owner.email] : [];
    return strength().check(password, inputs).score < MIN_STRENGTH_SCORE ? [PASSWORD_GUESSABLE] : [];
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
