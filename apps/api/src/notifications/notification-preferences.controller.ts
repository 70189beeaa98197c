import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationsService } from '@vt/notifications';
import type { Request } from 'express';
import { Audit, CheckPolicy } from '../security/decorators';
import { principalOf } from '../security/principal';
import { NotificationPreferencesDto } from './notifications.dto';
import { NotificationPreferencesViewDto } from './notification-preferences-responses.dto';

/** The caller's own choice of which notifications also reach them by e-mail. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @CheckPolicy('read', 'Notification')
  @Audit({ action: 'read', subjectType: 'NotificationPreferences' })
  @ApiOperation({ summary: "The caller's notification preferences" })
  @ApiOkResponse({ type: NotificationPreferencesViewDto })
  get(@Req() req: Request) {
    return this.notifications.preferences(principalOf(req));
  }

  @Put()
  @CheckPolicy('update', 'Notification')
  @Audit({ action: 'update', subjectType: 'NotificationPreferences' })
  @ApiOperation({ summary: "Replaces the caller's notification preferences" })
  @ApiOkResponse({ type: NotificationPreferencesViewDto })
  put(@Body() body: NotificationPreferencesDto, @Req() req: Request) {
    return this.notifications.setPreferences(principalOf(req), body);
  }
}
