/**
 * Environment configuration, validated once at start-up. A bad value stops the process with a
 * message naming the variable; production refuses the development defaults of secrets.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Ongeldige configuratie / invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Marks a value as a development default: fine on a laptop, refused in production. */
const DEV_PREFIX = 'dev-only-';

export class EnvReader {
  readonly problems: string[] = [];
  readonly production: boolean;

  constructor(private readonly env: Env) {
    const nodeEnv = env.NODE_ENV ?? 'development';
    if (!['development', 'test', 'production'].includes(nodeEnv)) {
      this.problems.push(`NODE_ENV must be development, test or production (got "${nodeEnv}")`);
    }
    this.production = nodeEnv === 'production';
  }

  get nodeEnv(): 'development' | 'test' | 'production' {
    return (this.env.NODE_ENV as 'development' | 'test' | 'production') ?? 'development';
  }

  string(name: string, fallback?: string): string {
    const value = this.env[name] ?? fallback;
    if (value === undefined || value === '') {
      this.problems.push(`${name} is required`);
      return '';
    }
    return value;
  }

  /** The value as set, empty string included (an empty list is a choice). */
  raw(name: string): string | undefined {
    return this.env[name];
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.env[name] ?? fallback;
    if (!allowed.includes(raw as T)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const raw = this.env[name] ?? fallback;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      }
      // Compose's demo passwords are marked like the secrets' development defaults.
      if (this.production && decodeURIComponent(parsed.password).startsWith(DEV_PREFIX)) {
        this.problems.push(`${name} holds a development default password, refused in production`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }

  /**
   * A secret of at least `minLength` characters. Outside production a clearly marked development
   * default is used when unset; production requires a real value.
   */
  secret(name: string, minLength: number): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (this.production) {
        this.problems.push(`${name} is required in production`);
        return '';
      }
      return `${DEV_PREFIX}${name.toLowerCase()}-change-me-in-production`;
    }
    if (this.production && raw.startsWith(DEV_PREFIX)) {
      this.problems.push(`${name} holds a development default, refused in production`);
    }
    if (raw.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters`);
    }
    return raw;
  }

  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
