import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHILD_INVOLVEMENTS, REFERRAL_REASONS } from '@vt/cases';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CaseIdParams, ID } from './cases.dto';

const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export class ChildParams extends CaseIdParams {
  @IsUUID('all', ID)
  pid!: string;
}

/** PUT /cases/{id}/persons/{pid}/child-check: the whole check, each time (docs/children.md). */
export class ChildCheckDto {
  @ApiProperty({ description: 'De medewerker heeft het kind zelf gezien; meets the child_check deadline' })
  @IsBoolean()
  seen!: boolean;

  @ApiProperty({ description: 'De medewerker heeft met het kind gesproken' })
  @IsBoolean()
  spokenTo!: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4000,
    description: "The child's own view, in the child's words (category narrative); only when spokenTo",
    example: 'Ik word bang als papa schreeuwt.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  childView?: string | null;

  @ApiProperty({ enum: CHILD_INVOLVEMENTS, description: 'slachtoffer, getuige, beide of (nog) onbekend' })
  @IsIn(CHILD_INVOLVEMENTS, oneOf(CHILD_INVOLVEMENTS))
  involvement!: (typeof CHILD_INVOLVEMENTS)[number];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Moeder; overdag oma (moederszijde)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  caregivers?: string | null;

  @ApiProperty({ description: 'School of kinderopvang is bekend' })
  @IsBoolean()
  schoolKnown!: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 200,
    description: 'Only when schoolKnown',
    example: 'OBS De Linde',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  school?: string | null;
}

/** POST /cases/{id}/child-protection-referral: children of a victim of (attempted) partner killing. */
export class ChildProtectionReferralDto {
  @ApiProperty({ enum: REFERRAL_REASONS })
  @IsIn(REFERRAL_REASONS, oneOf(REFERRAL_REASONS))
  reason!: (typeof REFERRAL_REASONS)[number];

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The child protection board to add; absent: the one board in the receiving organisation's region (400 when there is none or more than one)",
  })
  @IsOptional()
  @IsUUID('all', ID)
  organisationId?: string;
}
