import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CustodyRecord } from './custody-record.entity';

/** The custody register's rows, by subject key. */
@Injectable()
export class CustodyRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The rows held for these subjects; a subject without a row is left out. */
  forSubjects(subjectKeys: string[]): Promise<CustodyRecord[]> {
    return this.dataSource.manager.find(CustodyRecord, { where: { subjectKey: In(subjectKeys) } });
  }
}
