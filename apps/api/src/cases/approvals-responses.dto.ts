import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_OPERATIONS, APPROVAL_STATUSES } from '@vt/cases';

export class ApprovalDto {
  @ApiProperty({ type: String, nullable: true, required: false })
  note?: string | null;

  @ApiProperty()
  id!: string;

  @ApiProperty()
  caseId!: string;

  @ApiProperty({ enum: APPROVAL_OPERATIONS })
  operation!: (typeof APPROVAL_OPERATIONS)[number];

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ enum: APPROVAL_STATUSES })
  status!: (typeof APPROVAL_STATUSES)[number];

  @ApiProperty()
  requestedBy!: string;

  @ApiProperty({ type: String, nullable: true })
  requestedByName!: string | null;

  @ApiProperty({ type: Date })
  requestedAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  dueAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decidedByName!: string | null;

  @ApiProperty({ type: Date, nullable: true })
  decidedAt!: Date | null;
}

/** A waiting approval in the supervisor's list: the approval and the case's reference. */
export class PendingApprovalDto extends ApprovalDto {
  @ApiProperty()
  caseReference!: string;
}

export class PendingApprovalPageDto {
  @ApiProperty({ type: [PendingApprovalDto] })
  items!: PendingApprovalDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ApprovalListDto {
  @ApiProperty({ type: [ApprovalDto] })
  items!: ApprovalDto[];
}
