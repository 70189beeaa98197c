import { ApiProperty } from '@nestjs/swagger';
import { CHILD_INVOLVEMENTS, REFERRAL_REASONS } from '@vt/cases';

export class ChildCheckRecordDto {
  @ApiProperty({ enum: CHILD_INVOLVEMENTS })
  involvement!: (typeof CHILD_INVOLVEMENTS)[number];

  @ApiProperty({ type: String, nullable: true })
  caregivers!: string | null;

  @ApiProperty()
  schoolKnown!: boolean;

  @ApiProperty({ type: String, nullable: true })
  school!: string | null;

  @ApiProperty()
  recordedBy!: string;

  @ApiProperty({ type: Date })
  recordedAt!: Date;

  @ApiProperty()
  updatedBy!: string;

  @ApiProperty({ type: Date })
  updatedAt!: Date;

  @ApiProperty({ type: String, nullable: true, required: false })
  childView?: string | null;

  @ApiProperty()
  seen!: boolean;

  @ApiProperty()
  spokenTo!: boolean;

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
