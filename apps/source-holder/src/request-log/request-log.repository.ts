import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestLogEntry } from './request-log-entry.entity';

/** The request log, append only; transactions run here so a handler's rows commit with its entry. */
@Injectable()
export class RequestLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async append(entry: Partial<RequestLogEntry>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).insert(RequestLogEntry, entry);
  }
}
