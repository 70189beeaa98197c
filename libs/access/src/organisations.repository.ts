import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdentityProvider } from './identity-provider.entity';
import { Organisation } from './organisation.entity';

export type OrganisationSummary = Pick<Organisation, 'id' | 'name' | 'kind' | 'region'>;

/** Organisations and their own identity providers. */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  summaries(): Promise<OrganisationSummary[]> {
    return this.dataSource.getRepository(Organisation).find({
      select: { id: true, name: true, kind: true, region: true },
      order: { name: 'ASC' },
    });
  }

  /** The identity provider of the organisation with this slug, if it has one. */
  identityProviderOf(slug: string): Promise<IdentityProvider | null> {
    return this.dataSource
      .getRepository(IdentityProvider)
      .createQueryBuilder('provider')
      .innerJoin(Organisation, 'organisation', 'organisation.id = provider.organisationId')
      .where('organisation.slug = :slug', { slug })
      .getOne();
  }
}
