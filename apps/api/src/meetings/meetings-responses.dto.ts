import { ApiProperty } from '@nestjs/swagger';
import { MEETING_KINDS, MEETING_STATUSES } from '@vt/meetings';
import { ACTION_STATUSES, PHASES } from '@vt/cases';
import { CasePartnerViewDto } from '../cases/case-view.dto';

export class MeetingParticipantDto {
  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;
}

export class AgendaItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty()
  visible!: boolean;

  @ApiProperty({ required: false })
  caseId?: string;

  @ApiProperty({ required: false })
  reference?: string;
}

export class MeetingListItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: MEETING_KINDS })
  kind!: (typeof MEETING_KINDS)[number];

  @ApiProperty()
  kindName!: string;

  @ApiProperty({ type: Date })
  scheduledAt!: Date;

  @ApiProperty({ enum: MEETING_STATUSES })
  status!: (typeof MEETING_STATUSES)[number];

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  chairUserId!: string;

  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;
}

export class MeetingDto extends MeetingListItemDto {
  @ApiProperty({ type: [MeetingParticipantDto] })
  participants!: MeetingParticipantDto[];

  @ApiProperty({ type: [AgendaItemDto] })
  agenda!: AgendaItemDto[];
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingListItemDto] })
  items!: MeetingListItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class DecisionActionViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  assigneeOrganisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  assigneeOrganisationName!: string | null;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty({ enum: ACTION_STATUSES })
  status!: (typeof ACTION_STATUSES)[number];
}

export class MeetingDecisionDto {
  @ApiProperty({ type: [DecisionActionViewDto], required: false })
  actions?: DecisionActionViewDto[];

  @ApiProperty()
  id!: string;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: String, nullable: true })
  regisseurUserId!: string | null;

  @ApiProperty()
  decidedBy!: string;

  @ApiProperty({ type: Date })
  decidedAt!: Date;
}

/** The case view's partner row, and the agenda item it was added from. */
export class MeetingPartnerViewDto extends CasePartnerViewDto {
  @ApiProperty()
  itemId!: string;
}

export class MeetingPreparationDto extends MeetingListItemDto {
  @ApiProperty({ type: [AgendaItemDto] })
  items!: AgendaItemDto[];
}

export class MinutesItemDto extends AgendaItemDto {
  @ApiProperty({ enum: PHASES, required: false, description: 'the phase at closing, or now while open' })
  phase?: (typeof PHASES)[number];

  @ApiProperty({ type: [MeetingDecisionDto], required: false })
  decisions?: MeetingDecisionDto[];
}

export class MinutesChairDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;
}

export class MeetingMinutesDto extends MeetingListItemDto {
  @ApiProperty({ description: 'true once closed: the minutes as they stood at closing' })
  frozen!: boolean;

  @ApiProperty({ type: () => MinutesChairDto })
  chair!: MinutesChairDto;

  @ApiProperty({ type: [MeetingParticipantDto] })
  participants!: MeetingParticipantDto[];

  @ApiProperty({ type: [MinutesItemDto] })
  items!: MinutesItemDto[];
}
