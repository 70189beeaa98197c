import { ApiProperty } from '@nestjs/swagger';
import { calendarRangeError, IsoDate, isIsoDate, MAX_CALENDAR_RANGE_DAYS } from '@vt/deadlines';
import { ValidateBy, ValidationArguments } from 'class-validator';

/**
 * A real day (YYYY-MM-DD); for `to`, also one that closes a range starting at `from` (judged only
 * once both are real days), so each field gets one message.
 */
function IsRangeDay(closing = false) {
  const error = ({ value, object }: ValidationArguments) => {
    if (!isIsoDate(value)) return 'geen geldige datum (JJJJ-MM-DD) / not a valid date';
    const from = (object as { from?: unknown }).from;
    return closing && isIsoDate(from) ? calendarRangeError(from, value) : null;
  };
  return ValidateBy({
    name: 'isRangeDay',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => !args || error(args) === null,
      defaultMessage: (args?: ValidationArguments) => (args && error(args)) ?? '',
    },
  });
}

/** Amsterdam calendar days, both included. */
export class NonWorkingDaysQuery {
  @ApiProperty({ type: String, format: 'date', example: '2026-01-01' })
  @IsRangeDay()
  from!: IsoDate;

  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-12-31',
    description: `not before from; at most ${MAX_CALENDAR_RANGE_DAYS} days`,
  })
  @IsRangeDay(true)
  to!: IsoDate;
}

export class NonWorkingDay {
  @ApiProperty({ example: '2026-04-27' })
  day!: string;

  @ApiProperty({ example: 'Koningsdag', description: 'Dutch' })
  name!: string;

  @ApiProperty({ enum: ['statute', 'decree'] })
  source!: 'statute' | 'decree';
}

export class NonWorkingDaysResponse {
  @ApiProperty({ example: '2026-01-01' })
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  to!: string;

  @ApiProperty({ type: [NonWorkingDay] })
  items!: NonWorkingDay[];
}
