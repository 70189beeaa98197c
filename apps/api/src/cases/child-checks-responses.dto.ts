import { ApiProperty } from '@nestjs/swagger';
import { ChildCheckViewDto, ReferralViewDto } from './case-view.dto';

/** The written check: the case view's check of the child, and which child it is. */
export class ChildCheckRecordDto extends ChildCheckViewDto {
  @ApiProperty()
  personId!: string;
}

/** The referral as the case view shows it, and how many of the board's people were told. */
export class ChildProtectionReferralViewDto extends ReferralViewDto {
  @ApiProperty()
  notified!: number;
}
