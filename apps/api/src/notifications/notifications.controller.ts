import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { NotificationsService } from '@vt/notifications';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';

export class NotificationListQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;

  @ApiProperty({ required: false, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class NotificationParams {
  @IsUUID('all', { message: 'geen geldige id / not a valid id' })
  id!: string;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'search', subjectType: 'Notification' })
  async list(@Query() query: NotificationListQuery, @Req() req: Request) {
    return { items: await this.notifications.list(principalOf(req), query.unread ?? false, query.limit ?? 50) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @CheckPolicy('update', 'Notification')
  @Audit({ action: 'update', subjectType: 'Notification', idParam: 'id' })
  markRead(@Param() params: NotificationParams, @Req() req: Request) {
    return this.notifications.markRead(principalOf(req), params.id);
  }
}
