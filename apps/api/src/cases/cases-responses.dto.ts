import { ApiProperty } from '@nestjs/swagger';
import { DEADLINE_KINDS, DEADLINE_STATUSES } from '@vt/deadlines';
import { APPROVAL_STATUSES, EVENT_CATEGORIES, PHASES, RISK_LEVELS } from '@vt/cases';

export class DeadlineViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: DEADLINE_KINDS })
  kind!: (typeof DEADLINE_KINDS)[number];

  @ApiProperty({ type: String, nullable: true })
  subjectId!: string | null;

  @ApiProperty({ type: Date })
  startsAt!: Date;

  @ApiProperty({ type: Date })
  dueAt!: Date;

  @ApiProperty({ enum: DEADLINE_STATUSES })
  status!: (typeof DEADLINE_STATUSES)[number];

  @ApiProperty({ type: Date, nullable: true })
  completedAt!: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  lateWorkingDays!: number | null;

  @ApiProperty({ type: Date, nullable: true })
  breachedAt!: Date | null;
}

export class RegisseurRefDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty()
  organisationId!: string;
}

/** What every answer about a case starts with: which case, where it stands, who directs it. */
export class CaseHeadDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty({ enum: PHASES })
  phase!: (typeof PHASES)[number];

  @ApiProperty()
  acute!: boolean;

  @ApiProperty({ type: Date })
  receivedAt!: Date;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  regieOrganisationId!: string;

  @ApiProperty({ type: () => RegisseurRefDto, nullable: true })
  regisseur!: RegisseurRefDto | null;
}

export class CasePersonNameDto {
  @ApiProperty()
  role!: string;

  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;
}

export class CaseListItemDto extends CaseHeadDto {
  @ApiProperty({ type: [DeadlineViewDto] })
  deadlines!: DeadlineViewDto[];

  @ApiProperty({ enum: RISK_LEVELS, required: false })
  riskLevel?: (typeof RISK_LEVELS)[number];

  @ApiProperty({ type: [CasePersonNameDto], required: false, description: 'where the caller sees basic data' })
  persons?: CasePersonNameDto[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseListItemDto] })
  items!: CaseListItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class TimelineActorDto {
  @ApiProperty({ type: String, nullable: true })
  userId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  organisationName!: string | null;

  @ApiProperty({ type: String, nullable: true })
  role!: string | null;
}

/** A changed field's value before or after: whatever JSON type the field has, or null. */
const ANY_VALUE = {
  oneOf: [
    { type: 'string', nullable: true },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object' },
    { type: 'array', items: {} },
  ],
};

export class TimelineChangeDto {
  @ApiProperty()
  field!: string;

  @ApiProperty(ANY_VALUE)
  from!: unknown;

  @ApiProperty(ANY_VALUE)
  to!: unknown;
}

export class TimelineEventDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: Date })
  occurredAt!: Date;

  @ApiProperty()
  type!: string;

  @ApiProperty({ enum: EVENT_CATEGORIES })
  category!: (typeof EVENT_CATEGORIES)[number];

  @ApiProperty({ type: () => TimelineActorDto })
  actor!: TimelineActorDto;

  @ApiProperty({ type: [TimelineChangeDto] })
  changes!: TimelineChangeDto[];

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineEventDto] })
  items!: TimelineEventDto[];
}

export class RelatedCaseDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty()
  phase!: string;

  @ApiProperty({ type: Date })
  receivedAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  closedAt!: Date | null;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  duringFollowUp!: boolean;
}

export class RelatedCasesDto {
  @ApiProperty({ type: [RelatedCaseDto] })
  items!: RelatedCaseDto[];
}

export class RegisseurCandidateDto {
  @ApiProperty({ type: [String] })
  roles!: string[];

  @ApiProperty()
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;
}

export class RegisseurCandidatesDto {
  @ApiProperty({ type: [RegisseurCandidateDto] })
  items!: RegisseurCandidateDto[];
}

export class ApprovalRefDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: APPROVAL_STATUSES })
  status!: (typeof APPROVAL_STATUSES)[number];
}

export class ApprovalRequestedDto {
  @ApiProperty({ type: () => ApprovalRefDto })
  approval!: ApprovalRefDto;
}
