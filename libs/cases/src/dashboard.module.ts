import { Module } from '@nestjs/common';
import { AccessModule } from '@vt/access';
import { DeadlineFiguresModule } from '@vt/deadlines';
import { CaseDashboardRepository } from './case-dashboard.repository';
import { DashboardService } from './dashboard.service';
import { DeadlineListRepository } from './deadline-list.repository';
import { DeadlineListService } from './deadline-list.service';

/**
 * Read side of the cases' deadlines for the regie organisation: the deadline list and the
 * dashboard, whose counts and lead times come from the deadlines context and whose workers from
 * the access context. Needs the DeadlinesModule, HUB_CONFIG and REDIS from global modules of the app.
 */
@Module({
  imports: [AccessModule, DeadlineFiguresModule],
  providers: [CaseDashboardRepository, DeadlineListRepository, DashboardService, DeadlineListService],
  exports: [DashboardService, DeadlineListService],
})
export class DashboardModule {}
