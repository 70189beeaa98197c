import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ListedNonWorkingDay } from './calendar.service';

/** Table `non_working_days`: the statutory days (seeded by a migration) and the decree days. */
@Injectable()
export class NonWorkingDaysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a decree day; a day already listed keeps its row. */
  async addDecreeDay(day: string, name: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO non_working_days (day, name, source) VALUES ($1, $2, 'decree') ON CONFLICT (day) DO NOTHING`,
      [day, name],
    );
  }

  all(): Promise<ListedNonWorkingDay[]> {
    // to_char rather than day::text: the text form of a date follows the session's DateStyle.
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, name, source FROM non_working_days ORDER BY day`,
    );
  }
}
