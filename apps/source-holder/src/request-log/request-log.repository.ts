import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { managerOf, Transaction, transactionOf } from '@vt/database/transaction-handle';
import { DataSource } from 'typeorm';
import { RequestLogEntry } from './request-log-entry.entity';

/** The request log, append only; transactions run here so a handler's rows commit with its entry. */
@Injectable()
export class RequestLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (transaction: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(transactionOf(manager)));
  }

  async append(entry: Partial<RequestLogEntry>, transaction?: Transaction): Promise<void> {
    const manager = transaction && managerOf(transaction);
    await (manager ?? this.dataSource.manager).insert(RequestLogEntry, entry);
  }
}
