import { Injectable } from '@nestjs/common';
import { OrganisationsRepository, OrganisationSummary } from './organisations.repository';

export type { OrganisationSummary } from './organisations.repository';

@Injectable()
export class OrganisationsService {
  constructor(private readonly organisations: OrganisationsRepository) {}

  /** Names only: what a regisseur needs to invite a partner, nothing about its cases or users. */
  list(): Promise<OrganisationSummary[]> {
    return this.organisations.summaries();
  }
}
