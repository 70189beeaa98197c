import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The plain (non-transactional) handle CaseStore's reads still take from their caller, passed on
 * unopened. It goes once CaseStore reads without one.
 */
@Injectable()
export class CaseStoreHandle {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
