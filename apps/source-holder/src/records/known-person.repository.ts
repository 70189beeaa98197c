import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KnownPerson } from './known-person.entity';

/** The persons this source knows, found by one of their keys. */
@Injectable()
export class KnownPersonRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** By the pseudonym shared with the hub, with the person's contact point. */
  byPseudonym(pseudonym: string): Promise<KnownPerson | null> {
    return this.dataSource.manager.findOne(KnownPerson, { where: { pseudonym }, relations: { contactPoint: true } });
  }

  /** By the key under this source's own key. */
  bySubjectKey(subjectKey: string): Promise<KnownPerson | null> {
    return this.dataSource.manager.findOne(KnownPerson, { where: { subjectKey } });
  }

  byId(id: string): Promise<KnownPerson | null> {
    return this.dataSource.manager.findOne(KnownPerson, { where: { id } });
  }
}
