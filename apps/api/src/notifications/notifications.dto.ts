import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '@vt/notifications';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../page-query.dto';

export class NotificationListQuery extends PageQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationParams {
  @IsUUID('all', { message: 'geen geldige id / not a valid id' })
  id!: string;
}

/** Which notifications also come by e-mail; what is left out stays as it was. */
export class NotificationPreferencesDto {
  @ApiProperty({ required: false, description: 'false: no e-mail at all' })
  @IsOptional()
  @IsBoolean({ message: 'waar of onwaar / true or false' })
  email?: boolean;

  @ApiProperty({ required: false, enum: NOTIFICATION_KINDS, isArray: true, description: 'the kinds mailed' })
  @IsOptional()
  @IsArray({ message: 'een lijst / a list' })
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique({ message: 'elke soort één keer / each kind once' })
  @IsIn(NOTIFICATION_KINDS, { each: true, message: 'onbekende soort melding / unknown kind of notification' })
  emailKinds?: NotificationKind[];
}
