import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An organisation's own OpenID Connect provider; its users sign in there (docs/oidc.md). */
@Entity({ name: 'organisation_identity_providers' })
export class IdentityProvider {
  @PrimaryColumn({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ type: 'text' })
  clientId!: string;

  /** The name of the environment variable that holds the client secret: the secret is never stored. */
  @Column({ type: 'text' })
  clientSecretEnv!: string;

  /** The hub's callback as registered at the provider: `…/api/v1/auth/oidc/{organisationSlug}/callback`. */
  @Column({ type: 'text' })
  redirectUri!: string;

  /**
   * The provider's `acr` for a multi-factor sign-in (e.g. Keycloak's level of assurance); with it,
   * or a multi-factor `amr`, the hub asks no second factor of its own (docs/second-factor.md).
   */
  @Column({ type: 'text', nullable: true })
  mfaAcr!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
