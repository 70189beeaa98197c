import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FOLLOW_UP_OUTCOMES, FollowUpOutcome, REQUESTER_KINDS, RequesterKind } from '@vt/cases';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../page-query.dto';
import { CaseIdParams, ID } from './cases.dto';

const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export class ReportParams extends CaseIdParams {
  @IsUUID('all', ID)
  reportId!: string;
}

export class FollowUpCheckParams extends CaseIdParams {
  @IsUUID('all', ID)
  cid!: string;
}

/** POST /cases/{id}/reports/{reportId}/feedback: the follow-up told comes from the assessment. */
export class ReporterFeedbackDto {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Telefonisch teruggekoppeld aan de huisarts.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class FollowUpCheckDto {
  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES })
  @IsIn(FOLLOW_UP_OUTCOMES, oneOf(FOLLOW_UP_OUTCOMES))
  outcome!: FollowUpOutcome;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Moeder gebeld: het gaat goed, hulp loopt.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** Subjects of an advice request: the violence types of a report, and what advice is often about. */
export const ADVICE_SUBJECTS = [
  'partner_violence',
  'child_abuse',
  'elder_abuse',
  'stalking',
  'honour_related',
  'sexual_violence',
  'psychological',
  'financial',
  'reporting_code',
  'signals',
  'other',
] as const;

export const REQUESTER_ORGANISATION_KINDS = [
  'school',
  'childcare',
  'gp',
  'hospital',
  'youth_care',
  'social_team',
  'police',
  'other',
] as const;

export class AdviceRequesterDto {
  @ApiProperty({ enum: REQUESTER_KINDS })
  @IsIn(REQUESTER_KINDS, oneOf(REQUESTER_KINDS))
  kind!: RequesterKind;

  @ApiPropertyOptional({ enum: REQUESTER_ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(REQUESTER_ORGANISATION_KINDS, oneOf(REQUESTER_ORGANISATION_KINDS))
  organisationKind?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @IsOptional()
  @IsEmail({}, { message: 'geen geldig e-mailadres / not a valid e-mail address' })
  @MaxLength(254)
  email?: string;
}

export class AdviceRequestDto {
  @ApiProperty({ example: '2026-12-01T10:15:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' })
  @Matches(/(Z|[+-][0-9]{2}:[0-9]{2})$/, {
    message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset',
  })
  @MaxLength(100)
  askedAt!: string;

  @ApiProperty({ description: 'No identity is kept: name, phone and e-mail are refused' })
  @IsBoolean()
  anonymous!: boolean;

  @ApiProperty({ type: AdviceRequesterDto })
  @IsDefined({ message: 'verplicht / required' })
  @IsObject({ message: 'moet een object zijn / must be an object' })
  @ValidateNested()
  @Type(() => AdviceRequesterDto)
  requester!: AdviceRequesterDto;

  @ApiProperty({ enum: ADVICE_SUBJECTS, isArray: true })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMinSize(1, { message: 'minstens één onderwerp / at least one subject' })
  @ArrayMaxSize(ADVICE_SUBJECTS.length)
  @IsIn(ADVICE_SUBJECTS, { each: true, ...oneOf(ADVICE_SUBJECTS) })
  subjects!: string[];

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @Matches(/\S/, { message: 'verplicht / required' })
  @MaxLength(4000)
  question!: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @Matches(/\S/, { message: 'verplicht / required' })
  @MaxLength(4000)
  advice!: string;

  @ApiProperty({ minimum: 1, maximum: 600 })
  @IsInt({ message: 'moet een geheel getal zijn / must be an integer' })
  @Min(1)
  @Max(600)
  durationMinutes!: number;
}

export class AdviceRequestParams {
  @IsUUID('all', ID)
  id!: string;
}

export class AdviceRequestListQuery extends PageQuery {}

/** `2026-Q3` or a day (its quarter); the range spans at most 12 quarters. */
export class FiguresQuery {
  @ApiPropertyOptional({ example: '2026-Q1' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ example: '2026-Q4' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;
}
