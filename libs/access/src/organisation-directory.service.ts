import { Injectable } from '@nestjs/common';
import type { Transaction } from '@vt/database';
import {
  OrganisationCard,
  OrganisationDesk,
  OrganisationDirectoryRepository,
  RegionOf,
} from './organisation-directory.repository';
import type { OrganisationKind } from './roles';

export type { OrganisationCard, OrganisationDesk, RegionOf } from './organisation-directory.repository';

/** Organisations by id, for contexts that record an organisation's id and show or send its name. */
@Injectable()
export class OrganisationDirectory {
  constructor(private readonly repository: OrganisationDirectoryRepository) {}

  async card(id: string, manager?: Transaction): Promise<OrganisationCard | null> {
    const [card] = await this.repository.byIds([id], manager);
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

  /** Whom to call at the organisations with these ids (name and desk), ordered by name, in one query. */
  desks(ids: string[], manager?: Transaction): Promise<OrganisationDesk[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repository.desks([...new Set(ids)], manager);
  }

  /**
   * The ids of the organisations of `kind` in the region of another organisation (`sameAs`) or
   * outside it (`otherThan`), in one query: what another context filters its own rows on, so it
   * need not read this table. None when that organisation does not exist.
   */
  ofKind(kind: OrganisationKind, region: RegionOf, manager?: Transaction): Promise<string[]> {
    return this.repository.ofKind(kind, region, manager);
  }
}
