import { ApiProperty } from '@nestjs/swagger';
import { RISK_LEVELS, RiskLevel } from '@vt/cases';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

/** More items than any instrument asks would only be a larger refusal. */
const MAX_ITEMS = 100;
const ITEM_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** An object of item codes answered true, false or "unknown". */
function IsRiskAnswers(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isRiskAnswers',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= MAX_ITEMS &&
          Object.entries(value).every(
            ([code, answer]) => ITEM_CODE.test(code) && (answer === true || answer === false || answer === 'unknown'),
          ),
      },
    },
    {
      message: `per vraag true, false of "unknown", hoogstens ${MAX_ITEMS} vragen / each item true, false or "unknown"`,
      ...options,
    },
  );
}

export class ProfessionalJudgementDto {
  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS, { message: `toegestaan: ${RISK_LEVELS.join(', ')} / allowed: ${RISK_LEVELS.join(', ')}` })
  level!: RiskLevel;

  @ApiProperty({ example: 'Slachtoffer verblijft sinds gisteren in de opvang; pleger weet het adres niet.' })
  @IsDefined({ message: 'een oordeel heeft een reden nodig / a judgement needs a reason' })
  @IsString()
  @Matches(/\S/, { message: 'een oordeel heeft een reden nodig / a judgement needs a reason' })
  @MaxLength(4000)
  reason!: string;
}

export class RecordRiskAssessmentDto {
  @ApiProperty({ example: 'vt_partnergeweld', description: 'code from GET /risk-instruments' })
  @IsString()
  @MaxLength(100)
  instrument!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['unknown'] }] },
    example: { strangulation: true, weapon: false, victim_fear: 'unknown' },
    description: 'every item of the instrument, answered true, false or "unknown"',
  })
  @IsDefined({ message: 'verplicht / required' })
  @IsRiskAnswers()
  items!: Record<string, boolean | 'unknown'>;

  @ApiProperty({ type: ProfessionalJudgementDto, required: false })
  @IsOptional()
  @IsObject({ message: 'moet een object zijn / must be an object' })
  @ValidateNested()
  @Type(() => ProfessionalJudgementDto)
  professionalJudgement?: ProfessionalJudgementDto;
}
