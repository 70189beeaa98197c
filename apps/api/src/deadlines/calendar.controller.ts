import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarService } from '@vt/deadlines';
import { Audit } from '../security/decorators';
import { NonWorkingDaysQuery, NonWorkingDaysResponse } from './calendar.dto';

/**
 * The working-day calendar the api counts terms with, for clients that count working days
 * themselves (the web app's countdowns). Not case data: any user may read it.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get('non-working-days')
  @Audit({ action: 'read', subjectType: 'Calendar' })
  @ApiOperation({
    summary: 'Statutory holidays and days designated by decree in a range; weekends are never listed',
  })
  @ApiOkResponse({ type: NonWorkingDaysResponse })
  nonWorkingDays(@Query() query: NonWorkingDaysQuery): NonWorkingDaysResponse {
    return { from: query.from, to: query.to, items: this.calendars.nonWorkingDays(query.from, query.to) };
  }
}
