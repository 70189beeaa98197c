import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '@vt/notifications';

export class NotificationPreferencesViewDto {
  @ApiProperty()
  email!: boolean;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  emailKinds!: (typeof NOTIFICATION_KINDS)[number][];

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true })
  kinds!: (typeof NOTIFICATION_KINDS)[number][];
}
