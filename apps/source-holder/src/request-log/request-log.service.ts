import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestLogEntry } from './request-log-entry.entity';

/** What is known about a request so far; filled by the guard, then by the handler. */
export type RequestLogDraft = Partial<Omit<RequestLogEntry, 'id' | 'receivedAt' | 'status'>> & {
  receivedAt: Date;
  /** Set once the entry is written (a handler may write it in its own transaction). */
  written?: boolean;
};

declare module 'express-serve-static-core' {
  interface Request {
    requestLog?: RequestLogDraft;
  }
}

/** Appends to the request log; the answer leaves only after its entry is committed. */
@Injectable()
export class RequestLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in a transaction that writes the log entry itself; if the transaction does not
   * commit, the entry counts as unwritten again, so the failure is still logged.
   */
  async inTransaction<T>(draft: RequestLogDraft, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      draft.written = false;
      throw error;
    }
  }

  async write(draft: RequestLogDraft, status: number, manager?: EntityManager): Promise<void> {
    const fields = { ...draft, status };
    delete fields.written;
    await (manager ?? this.dataSource.manager).insert(RequestLogEntry, fields);
    draft.written = true;
  }
}
