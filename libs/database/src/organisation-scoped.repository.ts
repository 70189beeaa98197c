import { FindOptionsWhere, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';

export class UnscopedQueryError extends Error {
  constructor(entity: string) {
    super(`refused an unscoped query on ${entity}: an organisation id is required`);
  }
}

/**
 * A repository for rows that belong to one organisation. Every method takes the organisation id
 * and refuses to run without it, so a query can never forget the tenant filter.
 */
export class OrganisationScopedRepository<T extends ObjectLiteral & { organisationId: string }> {
  constructor(private readonly repository: Repository<T>) {}

  private scope(organisationId: string): string {
    if (typeof organisationId !== 'string' || organisationId.length === 0) {
      throw new UnscopedQueryError(this.repository.metadata.name);
    }
    return organisationId;
  }

  findOneById(organisationId: string, id: string): Promise<T | null> {
    const where = { id, organisationId: this.scope(organisationId) } as unknown as FindOptionsWhere<T>;
    return this.repository.findOne({ where });
  }

  /** A query builder that already carries the organisation condition. */
  createQueryBuilder(organisationId: string, alias: string): SelectQueryBuilder<T> {
    const column = this.repository.metadata.findColumnWithPropertyName('organisationId');
    if (!column) throw new UnscopedQueryError(this.repository.metadata.name);
    return this.repository.createQueryBuilder(alias).where(`${alias}.${column.propertyPath} = :scopeOrganisationId`, {
      scopeOrganisationId: this.scope(organisationId),
    });
  }
}
