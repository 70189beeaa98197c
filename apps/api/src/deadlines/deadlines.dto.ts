import { ApiProperty } from '@nestjs/swagger';
import { DEADLINE_KINDS, DEADLINE_STATUSES, DeadlineKind, DeadlineStatus, isIsoDate } from '@vt/deadlines';
import { IsISO8601, IsIn, IsOptional, Matches, MaxLength, ValidateBy, ValidationOptions } from 'class-validator';
import { PageQuery } from '../page-query.dto';

const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

/** A moment with its offset: a time without one would be read as UTC, an hour off in Amsterdam. */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar day written as YYYY-MM-DD (so 2026-02-30 is refused). */
function IsDay(options?: ValidationOptions) {
  return ValidateBy(
    { name: 'isDay', validator: { validate: (value: unknown) => isIsoDate(value) } },
    { message: 'geen geldige datum (JJJJ-MM-DD) / not a valid date', ...options },
  );
}

export class DeadlineListQuery extends PageQuery {
  @ApiProperty({ required: false, enum: DEADLINE_STATUSES })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES, oneOf(DEADLINE_STATUSES))
  status?: DeadlineStatus;

  @ApiProperty({ required: false, enum: DEADLINE_KINDS })
  @IsOptional()
  @IsIn(DEADLINE_KINDS, oneOf(DEADLINE_KINDS))
  kind?: DeadlineKind;

  @ApiProperty({ required: false, example: '2026-12-01T00:00:00+01:00', description: 'due strictly before' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' })
  @Matches(WITH_OFFSET, { message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset' })
  @MaxLength(100)
  dueBefore?: string;

  @ApiProperty({
    required: false,
    enum: ['true'],
    description: "only open deadlines due by the at-risk threshold (the dashboard's atRisk)",
  })
  @IsOptional()
  @IsIn(['true'], oneOf(['true']))
  atRisk?: 'true';
}

/** Amsterdam calendar days, both included; completions are counted by the day they fell on. */
export class LeadTimeReportQuery {
  @ApiProperty({ example: '2026-01-01' })
  @IsDay()
  @MaxLength(100)
  from!: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsDay()
  @MaxLength(100)
  to!: string;
}
