import { Module } from '@nestjs/common';
import { AccessModule, OrganisationDirectoryModule } from '@vt/access';
import { AuditModule } from '@vt/audit';
import { CasesModule } from '@vt/cases';
import { NotificationsModule } from '@vt/notifications';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

/**
 * Meetings. A decision runs the cases context's own case-work services, with an actor that lends
 * the meeting's grants and carries its transaction; names of organisations and users come from the
 * access context. Needs HUB_CONFIG, the clock and the DeadlinesModule from the app's global modules.
 */
@Module({
  imports: [AccessModule, AuditModule, CasesModule, NotificationsModule, OrganisationDirectoryModule],
  providers: [MeetingsRepository, MeetingsService],
  exports: [MeetingsService],
})
export class MeetingsModule {}
