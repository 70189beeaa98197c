import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotificationsService } from '@vt/notifications';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { NotificationListQuery, NotificationParams } from './notifications.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'search', subjectType: 'Notification' })
  async list(@Query() query: NotificationListQuery, @Req() req: Request) {
    return this.notifications.list(principalOf(req), {
      unreadOnly: query.unread ?? false,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }

  @Get('unread-count')
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'read', subjectType: 'NotificationCount' })
  unreadCount(@Req() req: Request) {
    return this.notifications.unreadCount(principalOf(req));
  }

  @Post(':id/read')
  @HttpCode(200)
  @CheckPolicy('update', 'Notification')
  @Audit({ action: 'update', subjectType: 'Notification', idParam: 'id' })
  markRead(@Param() params: NotificationParams, @Req() req: Request) {
    return this.notifications.markRead(principalOf(req), params.id);
  }
}
