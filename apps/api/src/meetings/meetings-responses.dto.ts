import { ApiExtraModels, ApiProperty, getSchemaPath, PickType } from '@nestjs/swagger';
import { MEETING_KINDS, MEETING_STATUSES } from '@vt/meetings';
import { ACTION_STATUSES, PHASES, RISK_LEVELS } from '@vt/cases';
import { DEADLINE_KINDS } from '@vt/deadlines';
import { CaseActionDto, CasePartnerViewDto } from '../cases/case-view.dto';
import { CasePersonNameDto, RegisseurRefDto } from '../cases/cases-responses.dto';

export class MeetingParticipantDto {
  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;
}

/**
 * An agenda item on a case outside the reader's reach: its opaque id and place only.
 *
 * Every agenda (the meeting, its preparation, its minutes) is a list of this or its visible twin,
 * told apart by `visible`. Not declared a discriminator: OpenAPI leaves a non-string one undefined.
 */
export class HiddenAgendaItemDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty({ type: Boolean, enum: [false] })
  visible!: false;
}

/** The part of an agenda item on a case in the reader's reach that every view of it shares. */
class VisibleItemHeadDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  position!: number;

  @ApiProperty({ type: Boolean, enum: [true] })
  visible!: true;

  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  reference!: string;
}

/** An agenda item on a case in the reader's reach, as far as the reader's categories go. */
export class VisibleAgendaItemDto extends VisibleItemHeadDto {
  @ApiProperty({ enum: PHASES })
  phase!: (typeof PHASES)[number];

  @ApiProperty({ type: () => RegisseurRefDto, nullable: true })
  regisseur!: RegisseurRefDto | null;

  @ApiProperty({ type: [CasePersonNameDto] })
  persons!: CasePersonNameDto[];

  @ApiProperty({ enum: RISK_LEVELS, required: false, description: 'where the reader sees the safety category' })
  riskLevel?: (typeof RISK_LEVELS)[number];
}

/** A list of agenda items, each hidden or visible (`visible` tells which). */
const agendaOf = (visible: new () => VisibleItemHeadDto) => ({
  type: 'array' as const,
  items: { oneOf: [{ $ref: getSchemaPath(HiddenAgendaItemDto) }, { $ref: getSchemaPath(visible) }] },
});

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

@ApiExtraModels(HiddenAgendaItemDto, VisibleAgendaItemDto)
export class MeetingDto extends MeetingListItemDto {
  @ApiProperty({ type: [MeetingParticipantDto] })
  participants!: MeetingParticipantDto[];

  @ApiProperty(agendaOf(VisibleAgendaItemDto))
  agenda!: (HiddenAgendaItemDto | VisibleAgendaItemDto)[];
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

/** Overdue: its due time has passed at the time of reading. */
export class PreparedDeadlineDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: DEADLINE_KINDS })
  kind!: (typeof DEADLINE_KINDS)[number];

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty()
  overdue!: boolean;
}

/** An open or blocked action of the case's safety plan, as the case view shows it, and whether it is overdue. */
export class PreparedActionDto extends PickType(CaseActionDto, [
  'id',
  'assigneeOrganisationId',
  'description',
  'dueAt',
  'status',
] as const) {
  @ApiProperty()
  overdue!: boolean;
}

/** An unresolved escalation (doorzettingsmacht) and the term its target has to respond in. */
export class PreparedEscalationDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  targetOrganisationId!: string;

  @ApiProperty({ type: String, nullable: true })
  actionId!: string | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: Date })
  raisedAt!: Date;

  @ApiProperty({ type: Date, nullable: true, description: 'null when no response term is open' })
  responseDueAt!: Date | null;

  @ApiProperty()
  overdue!: boolean;
}

/** A visible agenda item with what the chair prepares; the safety part only with that category. */
export class PreparedAgendaItemDto extends VisibleAgendaItemDto {
  @ApiProperty({ type: [PreparedDeadlineDto] })
  openDeadlines!: PreparedDeadlineDto[];

  @ApiProperty({ type: [String], required: false, description: 'where the chair sees the safety category' })
  redFlags?: string[];

  @ApiProperty({ type: [PreparedActionDto], required: false, description: 'where the chair sees the safety category' })
  openActions?: PreparedActionDto[];

  @ApiProperty({
    type: [PreparedEscalationDto],
    required: false,
    description: 'where the chair sees the safety category',
  })
  openEscalations?: PreparedEscalationDto[];
}

@ApiExtraModels(HiddenAgendaItemDto, PreparedAgendaItemDto)
export class MeetingPreparationDto extends MeetingListItemDto {
  @ApiProperty(agendaOf(PreparedAgendaItemDto))
  items!: (HiddenAgendaItemDto | PreparedAgendaItemDto)[];
}

/** A visible item of the minutes: the case as it stood at closing, and its decisions. */
export class VisibleMinutesItemDto extends VisibleItemHeadDto {
  @ApiProperty({ enum: PHASES, description: 'the phase at closing, or now while open' })
  phase!: (typeof PHASES)[number];

  @ApiProperty({ type: [MeetingDecisionDto] })
  decisions!: MeetingDecisionDto[];
}

export class MinutesChairDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;
}

@ApiExtraModels(HiddenAgendaItemDto, VisibleMinutesItemDto)
export class MeetingMinutesDto extends MeetingListItemDto {
  @ApiProperty({ description: 'true once closed: the minutes as they stood at closing' })
  frozen!: boolean;

  @ApiProperty({ type: () => MinutesChairDto })
  chair!: MinutesChairDto;

  @ApiProperty({ type: [MeetingParticipantDto] })
  participants!: MeetingParticipantDto[];

  @ApiProperty(agendaOf(VisibleMinutesItemDto))
  items!: (HiddenAgendaItemDto | VisibleMinutesItemDto)[];
}
