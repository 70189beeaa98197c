import { ApiProperty } from '@nestjs/swagger';
import {
  ACTION_STATUSES,
  DATA_CATEGORIES,
  INVOLVEMENT_ROLES,
  LEGAL_BASES,
  MAX_PERSONS_PER_CASE,
  NOTE_CATEGORIES,
  PHASES,
} from '@vt/cases';
import { isValidBsn } from '@vt/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
  ValidateBy,
  IsDefined,
  IsObject,
  Matches,
  ValidationOptions,
} from 'class-validator';
import { PageQuery } from '../page-query.dto';

export const ID = { message: 'geen geldige id / not a valid id' };
const REGISSEUR_FILTER = /^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export const CHANNELS = ['phone', 'email', 'police', 'professional', 'chat', 'other'] as const;
export const REPORTER_KINDS = ['professional', 'citizen', 'police'] as const;
export const VIOLENCE_TYPES = [
  'partner_violence',
  'child_abuse',
  'elder_abuse',
  'stalking',
  'honour_related',
  'sexual_violence',
  'psychological',
  'financial',
  'other',
] as const;
export const RED_FLAGS = [
  'strangulation',
  'threat_to_kill',
  'weapon',
  'stalking',
  'separation',
  'escalation',
  'pregnancy',
  'forced_sex',
  'coercive_control',
  'victim_fear',
  'order_breached',
] as const;

function IsBsn(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isBsn',
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidBsn(value) },
    },
    { message: 'geen geldig BSN (elfproef) / not a valid BSN', ...options },
  );
}

/** A calendar date (YYYY-MM-DD) from 1900 up to today. */
function IsPastDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isPastDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^(19|20)\d{2}-\d{2}-\d{2}$/.test(value) &&
          new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) &&
          value <= new Date().toISOString().slice(0, 10),
      },
    },
    { message: 'geen geldige datum vanaf 1900 tot vandaag (JJJJ-MM-DD) / not a valid past date', ...options },
  );
}

/** A moment with its offset: a time without one would be read as UTC, an hour off in Amsterdam. */
export const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

export class CaseIdParams {
  @IsUUID('all', ID)
  id!: string;
}

export class ReporterDto {
  @ApiProperty({ enum: REPORTER_KINDS })
  @IsIn(REPORTER_KINDS, oneOf(REPORTER_KINDS))
  kind!: (typeof REPORTER_KINDS)[number];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsEmail({}, { message: 'geen geldig e-mailadres / not a valid e-mail address' })
  @MaxLength(254)
  email?: string;
}

export class PersonDto {
  @ApiProperty({ enum: INVOLVEMENT_ROLES })
  @IsIn(INVOLVEMENT_ROLES, oneOf(INVOLVEMENT_ROLES))
  role!: (typeof INVOLVEMENT_ROLES)[number];

  @ApiProperty({ required: false, example: '123456782' })
  @IsOptional()
  @IsBsn()
  @MaxLength(100)
  bsn?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ required: false, example: '1990-01-31' })
  @IsOptional()
  @IsPastDate()
  @MaxLength(100)
  dateOfBirth?: string;
}

/** A report on an existing case: `persons` lists only those not linked yet, and may be empty. */
export class AddReportDto {
  @ApiProperty({ example: '2026-11-23T09:15:00+01:00' })
  @IsISO8601({ strict: true }, { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' })
  @Matches(WITH_OFFSET, { message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset' })
  @MaxLength(100)
  receivedAt!: string;

  @ApiProperty()
  @IsBoolean()
  acute!: boolean;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS, oneOf(CHANNELS))
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ type: ReporterDto })
  @IsDefined({ message: 'verplicht / required' })
  @IsObject({ message: 'moet een object zijn / must be an object' })
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter!: ReporterDto;

  @ApiProperty({ type: [PersonDto] })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMaxSize(MAX_PERSONS_PER_CASE)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  persons!: PersonDto[];

  @ApiProperty({ enum: VIOLENCE_TYPES, isArray: true })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMinSize(1, { message: 'minstens één vorm van geweld / at least one violence type' })
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @IsIn(VIOLENCE_TYPES, { each: true, ...oneOf(VIOLENCE_TYPES) })
  violenceTypes!: string[];

  @ApiProperty({ enum: RED_FLAGS, isArray: true })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMaxSize(RED_FLAGS.length)
  @IsIn(RED_FLAGS, { each: true, ...oneOf(RED_FLAGS) })
  redFlags!: string[];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  narrative?: string;
}

export class CreateCaseDto extends AddReportDto {
  // class-validator drops a parent's validators of a property the subclass decorates again: all are repeated.
  @ApiProperty({ type: [PersonDto] })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMinSize(1, { message: 'minstens één betrokkene / at least one person' })
  @ArrayMaxSize(MAX_PERSONS_PER_CASE)
  declare persons: PersonDto[];
}

export class CaseListQuery extends PageQuery {
  @ApiProperty({ required: false, enum: PHASES })
  @IsOptional()
  @IsIn(PHASES, oneOf(PHASES))
  phase?: (typeof PHASES)[number];

  @ApiProperty({
    required: false,
    type: String,
    pattern: REGISSEUR_FILTER.source,
    description:
      "me: the caller's cases as regisseur; a user id: that user's (a supervisor's caseload per worker); none: the waiting list",
  })
  @IsOptional()
  @Matches(REGISSEUR_FILTER, { message: 'me, none of een gebruikers-id / me, none or a user id' })
  regisseur?: string;

  @ApiProperty({ required: false, enum: ['open', 'at_risk', 'breached'] })
  @IsOptional()
  @IsIn(['open', 'at_risk', 'breached'], oneOf(['open', 'at_risk', 'breached']))
  deadline?: 'open' | 'at_risk' | 'breached';

  @ApiProperty({
    required: false,
    enum: ['urgency', 'risk'],
    description:
      'urgency (with regisseur=me or a user id): a breached term first, then one at risk, then the soonest due; ' +
      'risk (with regisseur=none): highest risk first, then longest waiting. Without: newest first.',
  })
  @IsOptional()
  @IsIn(['urgency', 'risk'], oneOf(['urgency', 'risk']))
  sort?: 'urgency' | 'risk';
}

export class AssignRegisseurDto {
  @ApiProperty()
  @IsUUID('all', ID)
  userId!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AddPartnerDto {
  @ApiProperty()
  @IsUUID('all', ID)
  organisationId!: string;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES, oneOf(LEGAL_BASES))
  legalBasis!: (typeof LEGAL_BASES)[number];

  @ApiProperty({ example: 'Wet Veiligheidsregio art. 10 / toestemming d.d. 2026-11-20' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  legalBasisRef!: string;

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true })
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsIn(DATA_CATEGORIES, { each: true, ...oneOf(DATA_CATEGORIES) })
  categories!: (typeof DATA_CATEGORIES)[number][];

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'geen geldig tijdstip / not a valid timestamp' })
  expiresAt?: Date;
}

export class PartnerParams extends CaseIdParams {
  @IsUUID('all', ID)
  organisationId!: string;
}

const ASSESSMENT_OUTCOMES = ['acute_unsafe', 'structural_unsafe', 'safe'] as const;
const ASSESSMENT_DECISIONS = ['close', 'follow_up', 'investigation'] as const;

export class SafetyAssessmentDto {
  @ApiProperty({ enum: ASSESSMENT_OUTCOMES })
  @IsIn(ASSESSMENT_OUTCOMES, oneOf(ASSESSMENT_OUTCOMES))
  outcome!: (typeof ASSESSMENT_OUTCOMES)[number];

  @ApiProperty({ enum: ASSESSMENT_DECISIONS })
  @IsIn(ASSESSMENT_DECISIONS, oneOf(ASSESSMENT_DECISIONS))
  decision!: (typeof ASSESSMENT_DECISIONS)[number];

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  summary!: string;
}

export class CompleteInvestigationDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  conclusion!: string;

  @ApiProperty({ enum: ['follow_up', 'close'] })
  @IsIn(['follow_up', 'close'], oneOf(['follow_up', 'close']))
  decision!: 'follow_up' | 'close';
}

export class CloseCaseDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class CreateActionDto {
  @ApiProperty()
  @IsUUID('all', ID)
  assigneeOrganisationId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description!: string;

  @ApiProperty()
  @Type(() => Date)
  @IsDate({ message: 'geen geldig tijdstip / not a valid timestamp' })
  dueAt!: Date;
}

export class ActionParams extends CaseIdParams {
  @IsUUID('all', ID)
  actionId!: string;
}

export class UpdateActionDto {
  @ApiProperty({ enum: ACTION_STATUSES })
  @IsIn(ACTION_STATUSES, oneOf(ACTION_STATUSES))
  status!: (typeof ACTION_STATUSES)[number];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CreateEscalationDto {
  @ApiProperty()
  @IsUUID('all', ID)
  targetOrganisationId!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsUUID('all', ID)
  actionId?: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class EscalationParams extends CaseIdParams {
  @IsUUID('all', ID)
  eid!: string;
}

export class ResolveEscalationDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  resolution!: string;
}

export class CreateNoteDto {
  @ApiProperty({ enum: NOTE_CATEGORIES })
  @IsIn(NOTE_CATEGORIES, oneOf(NOTE_CATEGORIES))
  category!: (typeof NOTE_CATEGORIES)[number];

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  text!: string;
}
