import { Module } from '@nestjs/common';
import { DeadlineFiguresRepository } from './deadline-figures.repository';
import { DeadlineFiguresService } from './deadline-figures.service';

/** The supervisor's figures of deadlines: the dashboard's counts and lead times, and the lead-time export. */
@Module({
  providers: [DeadlineFiguresRepository, DeadlineFiguresService],
  exports: [DeadlineFiguresService],
})
export class DeadlineFiguresModule {}
