import { Injectable } from '@nestjs/common';
import type { Transaction } from '@vt/database';
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

  /**
   * The organisations with these ids, ordered by name; an id of no organisation is left out. With
   * the caller's transaction when it holds locks: a second connection could wait on the pool.
   */
  cards(ids: string[], manager?: Transaction): Promise<OrganisationCard[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.byIds([...new Set(ids)], manager);
  }

  /** The names of the organisations with these ids, in one query; an id of no organisation is absent. */
  async names(ids: string[], manager?: Transaction): Promise<Map<string, string>> {
    return new Map((await this.cards(ids, manager)).map((card) => [card.id, card.name]));
  }
}
