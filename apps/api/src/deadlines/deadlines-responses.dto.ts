import { ApiProperty } from '@nestjs/swagger';
import { CasePersonNameDto, DeadlineViewDto } from '../cases/cases-responses.dto';
import { DEADLINE_KINDS } from '@vt/deadlines';

/** A term in the deadline list: the case view's deadline, and which case it is of. */
export class DeadlineListItemDto extends DeadlineViewDto {
  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  caseReference!: string;
}

export class DeadlinePageDto {
  @ApiProperty({ type: [DeadlineListItemDto] })
  items!: DeadlineListItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class LeadTimeMonthDto {
  @ApiProperty()
  month!: string;

  @ApiProperty()
  completed!: number;

  @ApiProperty()
  withinTerm!: number;

  @ApiProperty({ type: Number, nullable: true })
  withinTermShare!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  medianWorkingDays!: number | null;
}

export class LeadTimeFiguresDto {
  @ApiProperty()
  completed!: number;

  @ApiProperty()
  withinTerm!: number;

  @ApiProperty({ type: Number, nullable: true })
  withinTermShare!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  medianWorkingDays!: number | null;

  @ApiProperty({ type: [LeadTimeMonthDto] })
  months!: LeadTimeMonthDto[];
}

export class LeadTimesDto {
  @ApiProperty({ type: () => LeadTimeFiguresDto })
  investigation!: LeadTimeFiguresDto;

  @ApiProperty({ type: () => LeadTimeFiguresDto })
  safetyAssessment!: LeadTimeFiguresDto;
}

export class WaitingListItemDto {
  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty({ type: Date })
  receivedAt!: Date;

  @ApiProperty()
  acute!: boolean;

  @ApiProperty()
  riskLevel!: string;

  @ApiProperty()
  reassessmentDue!: boolean;

  @ApiProperty()
  waitingWorkingDays!: number;

  @ApiProperty({ type: [CasePersonNameDto] })
  persons!: CasePersonNameDto[];
}

export class DeadlineKindCountsDto {
  @ApiProperty()
  open!: number;

  @ApiProperty()
  atRisk!: number;

  @ApiProperty()
  breached!: number;
}

/** The counts of each deadline kind: one property per kind of `DEADLINE_KINDS`, declared below. */
export class DeadlinesByKindDto {}
for (const kind of DEADLINE_KINDS)
  ApiProperty({ type: () => DeadlineKindCountsDto })(DeadlinesByKindDto.prototype, kind);

/** A worker's open cases as regisseur, and how many of those have a breached term or one at risk. */
export class CaseloadDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  cases!: number;

  @ApiProperty()
  withBreached!: number;

  @ApiProperty()
  withAtRisk!: number;
}

export class DashboardDto {
  @ApiProperty({ type: [CaseloadDto], description: 'per worker of the organisation, busiest first' })
  caseload!: CaseloadDto[];

  @ApiProperty({ type: () => LeadTimesDto })
  leadTimes!: LeadTimesDto;

  @ApiProperty({ type: [WaitingListItemDto] })
  waitingList!: WaitingListItemDto[];

  @ApiProperty()
  waitingListTotal!: number;

  @ApiProperty()
  open!: number;

  @ApiProperty()
  atRisk!: number;

  @ApiProperty()
  breached!: number;

  @ApiProperty({ type: () => DeadlinesByKindDto })
  byKind!: DeadlinesByKindDto;

  @ApiProperty()
  pendingApprovals!: number;
}
