import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationsService } from '@vt/notifications';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { reachOf } from '../security/actor';
import { NotificationListQuery, NotificationParams } from './notifications.dto';
import { NotificationDto, NotificationPageDto, UnreadCountDto } from './notifications-responses.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'search', subjectType: 'Notification' })
  @ApiOperation({ summary: "The caller's notifications, a page at a time, optionally only the unread" })
  @ApiOkResponse({ type: NotificationPageDto })
  async list(@Query() query: NotificationListQuery, @Req() req: Request) {
    return this.notifications.list(reachOf(req), {
      unreadOnly: query.unread ?? false,
      limit: query.limit ?? 50,
      cursor: query.cursor,
    });
  }

  @Get('unread-count')
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'read', subjectType: 'NotificationCount' })
  @ApiOperation({ summary: "How many of the caller's notifications are unread" })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@Req() req: Request) {
    return this.notifications.unreadCount(reachOf(req));
  }

  @Post(':id/read')
  @HttpCode(200)
  @CheckPolicy('update', 'Notification')
  @Audit({ action: 'update', subjectType: 'Notification', idParam: 'id' })
  @ApiOperation({ summary: 'Marks a notification read' })
  @ApiOkResponse({ type: NotificationDto })
  markRead(@Param() params: NotificationParams, @Req() req: Request) {
    return this.notifications.markRead(reachOf(req), params.id);
  }
}
