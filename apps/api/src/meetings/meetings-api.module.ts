import { Module } from '@nestjs/common';
import { MeetingsModule } from '@vt/meetings';
import { MeetingsController } from './meetings.controller';

/** The HTTP edge of meetings. */
@Module({
  imports: [MeetingsModule],
  controllers: [MeetingsController],
})
export class MeetingsApiModule {}
