import { Injectable } from '@nestjs/common';
import type { Transaction } from '@vt/database';
import { RequestLogEntry } from './request-log-entry.entity';
import { RequestLogRepository } from './request-log.repository';

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
  constructor(private readonly entries: RequestLogRepository) {}

  /**
   * Runs `work` in a transaction that writes the log entry itself; if the transaction does not
   * commit, the entry counts as unwritten again, so the failure is still logged.
   */
  async inTransaction<T>(draft: RequestLogDraft, work: (manager: Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.entries.transaction(work);
    } catch (error) {
      draft.written = false;
      throw error;
    }
  }

  async write(draft: RequestLogDraft, status: number, manager?: Transaction): Promise<void> {
    const fields = { ...draft, status };
    delete fields.written;
    await this.entries.append(fields, manager);
    draft.written = true;
  }
}
