import { Injectable } from '@nestjs/common';
import { OrganisationCard, OrganisationDirectoryRepository } from './organisation-directory.repository';

export type { OrganisationCard } from './organisation-directory.repository';

/** Organisations by id, for contexts that record an organisation's id and show or send its name. */
@Injectable()
export class OrganisationDirectory {
  constructor(private readonly repository: OrganisationDirectoryRepository) {}

  async card(id: string): Promise<OrganisationCard | null> {
    const [card] = await this.repository.byIds([id]);
    return card ?? null;
  }

  /** The organisations with these ids, ordered by name; an id of no organisation is left out. */
  cards(ids: string[]): Promise<OrganisationCard[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.byIds([...new Set(ids)]);
  }
}
