import { ApiProperty } from '@nestjs/swagger';
import { CaseFollowUpCheckDto } from './case-view.dto';
import { REQUESTER_KINDS } from '@vt/cases';

export class FollowUpNewReportDto {
  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty()
  reportId!: string;

  @ApiProperty({ type: Date })
  flaggedAt!: Date;
}

export class FollowUpChecksDto {
  @ApiProperty({ type: [FollowUpNewReportDto], required: false })
  newReports?: FollowUpNewReportDto[];

  @ApiProperty({ type: [CaseFollowUpCheckDto] })
  items!: CaseFollowUpCheckDto[];
}

export class AdviceRequesterViewDto {
  @ApiProperty({ enum: REQUESTER_KINDS })
  kind!: (typeof REQUESTER_KINDS)[number];

  @ApiProperty({ type: String, nullable: true })
  organisationKind!: string | null;

  @ApiProperty({ required: false, description: 'as the requester gave it; never for an anonymous request' })
  name?: string;

  @ApiProperty({ required: false, description: 'as the requester gave it; never for an anonymous request' })
  phone?: string;

  @ApiProperty({ required: false, description: 'as the requester gave it; never for an anonymous request' })
  email?: string;
}

export class AdviceRequestViewDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: Date })
  askedAt!: Date;

  @ApiProperty()
  anonymous!: boolean;

  @ApiProperty({ type: () => AdviceRequesterViewDto })
  requester!: AdviceRequesterViewDto;

  @ApiProperty({ type: [String] })
  subjects!: string[];

  @ApiProperty()
  question!: string;

  @ApiProperty()
  advice!: string;

  @ApiProperty()
  durationMinutes!: number;

  @ApiProperty()
  adviserUserId!: string;

  @ApiProperty({ type: String, nullable: true })
  caseId!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  reportedAt!: Date | null;
}

export class AdviceRequestPageDto {
  @ApiProperty({ type: [AdviceRequestViewDto] })
  items!: AdviceRequestViewDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class QuarterReportFiguresDto {
  @ApiProperty()
  total!: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  byViolenceType!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true })
  byReporterKind!: Record<string, unknown>;

  @ApiProperty()
  withChildren!: number;
}

export class TermFiguresDto {
  @ApiProperty()
  completed!: number;

  @ApiProperty()
  withinTerm!: number;

  @ApiProperty({ type: Number, nullable: true })
  withinTermShare!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  medianWorkingDays!: number | null;
}

export class QuarterFiguresDto {
  @ApiProperty()
  quarter!: string;

  @ApiProperty({ type: Date })
  from!: Date;

  @ApiProperty({ type: Date })
  to!: Date;

  @ApiProperty()
  adviceRequests!: number;

  @ApiProperty({ type: () => QuarterReportFiguresDto })
  reports!: QuarterReportFiguresDto;

  @ApiProperty({ type: () => TermFiguresDto })
  safetyAssessments!: TermFiguresDto;

  @ApiProperty({ type: () => TermFiguresDto })
  investigations!: TermFiguresDto;

  @ApiProperty()
  closedCases!: number;

  @ApiProperty()
  repeatReports!: number;
}

export class FiguresDto {
  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ type: [QuarterFiguresDto] })
  quarters!: QuarterFiguresDto[];
}
