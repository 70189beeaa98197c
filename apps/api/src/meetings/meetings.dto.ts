import { ApiProperty } from '@nestjs/swagger';
import { MEETING_KINDS } from '@vt/meetings';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AddPartnerDto, ID, WITH_OFFSET } from '../cases/cases.dto';
import { PageQuery } from '../page-query.dto';

const TIMESTAMP = { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' };
const OFFSET = { message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset' };
const LIST = { message: 'moet een lijst zijn / must be a list' };

export class MeetingIdParams {
  @IsUUID('all', ID)
  id!: string;
}

export class MeetingCaseParams extends MeetingIdParams {
  @IsUUID('all', ID)
  caseId!: string;
}

export class MeetingItemParams extends MeetingIdParams {
  @IsUUID('all', ID)
  itemId!: string;
}

export class CreateMeetingDto {
  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS, { message: `toegestaan: ${MEETING_KINDS.join(', ')} / allowed: ${MEETING_KINDS.join(', ')}` })
  kind!: (typeof MEETING_KINDS)[number];

  @ApiProperty({ example: '2026-11-26T10:00:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  scheduledAt!: string;

  @ApiProperty({ description: "participating organisations; the chair's own always takes part" })
  @IsArray(LIST)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true, ...ID })
  organisationIds!: string[];

  @ApiProperty({ description: "the agenda, in order; each case must be in the chair's organisation's network" })
  @IsArray(LIST)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, ...ID })
  caseIds!: string[];
}

export class MeetingListQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'scheduled at or after' })
  @IsOptional()
  @IsISO8601({ strict: true }, TIMESTAMP)
  @MaxLength(100)
  from?: string;

  @ApiProperty({ required: false, description: 'scheduled before' })
  @IsOptional()
  @IsISO8601({ strict: true }, TIMESTAMP)
  @MaxLength(100)
  to?: string;
}

export class AddItemDto {
  @ApiProperty()
  @IsUUID('all', ID)
  caseId!: string;
}

export class DecisionActionDto {
  @ApiProperty()
  @IsUUID('all', ID)
  assigneeOrganisationId!: string;

  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ example: '2026-12-03T17:00:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  dueAt!: string;
}

export class DecisionDto {
  @ApiProperty()
  @IsString()
  @MinLength(3)
  @MaxLength(5000)
  text!: string;

  @ApiProperty({ required: false, description: 'the regisseur the meeting assigns' })
  @IsOptional()
  @IsUUID('all', ID)
  regisseurUserId?: string;

  @ApiProperty({ type: [DecisionActionDto] })
  @IsArray(LIST)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DecisionActionDto)
  actions!: DecisionActionDto[];
}

/** The case's partner body (`POST /cases/{id}/partners`): the same rules, from within the meeting. */
export class MeetingPartnerDto extends AddPartnerDto {}
