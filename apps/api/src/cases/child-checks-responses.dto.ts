import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_REASONS } from '@vt/cases';
import { ChildCheckViewDto } from './case-view.dto';

/** The written check: the case view's check of the child, and which child it is. */
export class ChildCheckRecordDto extends ChildCheckViewDto {
  @ApiProperty()
  personId!: string;
}

export class ChildProtectionReferralViewDto {
  @ApiProperty()
  notified!: number;

  @ApiProperty()
  id!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ enum: REFERRAL_REASONS })
  reason!: (typeof REFERRAL_REASONS)[number];

  @ApiProperty()
  referredBy!: string;

  @ApiProperty({ type: Date })
  referredAt!: Date;
}
