import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_DECISIONS, APPROVAL_STATUSES, ApprovalDecision, ApprovalStatus } from '@vt/cases';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../page-query.dto';
import { CaseIdParams, ID } from './cases.dto';

const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export class ApprovalListQuery extends PageQuery {
  @ApiProperty({ required: false, enum: APPROVAL_STATUSES })
  @IsOptional()
  @IsIn(APPROVAL_STATUSES, oneOf(APPROVAL_STATUSES))
  status?: ApprovalStatus;
}

export class ApprovalParams extends CaseIdParams {
  @IsUUID('all', ID)
  aid!: string;
}

export class DecideApprovalDto {
  @ApiProperty({ enum: APPROVAL_DECISIONS })
  @IsIn(APPROVAL_DECISIONS, oneOf(APPROVAL_DECISIONS))
  decision!: ApprovalDecision;

  @ApiProperty({ example: 'Veiligheid is geborgd; afsluiten akkoord.' })
  @IsString()
  // A decision is accounted for: blank text is no note.
  @Matches(/\S/, { message: 'verplicht / required' })
  @MaxLength(2000)
  note!: string;
}
