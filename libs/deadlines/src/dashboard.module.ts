import { Module } from '@nestjs/common';
import { DashboardService } from './dashboard.service';
import { DeadlineListService } from './deadline-list.service';

/** Read side of deadlines for the regie organisation: the list, the dashboard and the lead-time export. */
@Module({ providers: [DashboardService, DeadlineListService], exports: [DashboardService, DeadlineListService] })
export class DashboardModule {}
