import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organisation } from './organisation.entity';

export type OrganisationSummary = Pick<Organisation, 'id' | 'name' | 'kind' | 'region'>;

@Injectable()
export class OrganisationsService {
  constructor(@InjectRepository(Organisation) private readonly organisations: Repository<Organisation>) {}

  /** Names only: what a regisseur needs to invite a partner, nothing about its cases or users. */
  list(): Promise<OrganisationSummary[]> {
    return this.organisations.find({
      select: { id: true, name: true, kind: true, region: true },
      order: { name: 'ASC' },
    });
  }
}
