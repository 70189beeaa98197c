import { Module } from '@nestjs/common';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { DeadlineListRepository } from './deadline-list.repository';
import { DeadlineListService } from './deadline-list.service';

/** Read side of deadlines for the regie organisation: the list, the dashboard and the lead-time export. */
@Module({
  providers: [DashboardRepository, DeadlineListRepository, DashboardService, DeadlineListService],
  exports: [DashboardService, DeadlineListService],
})
export class DashboardModule {}
