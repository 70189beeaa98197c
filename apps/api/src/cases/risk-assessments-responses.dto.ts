import { ApiProperty } from '@nestjs/swagger';
import { RISK_LEVELS } from '@vt/cases';

export class RiskItemPrefillDto {
  @ApiProperty({ required: false })
  redFlag?: string;

  @ApiProperty({ required: false })
  personRole?: string;
}

export class RiskInstrumentItemDto {
  @ApiProperty()
  code!: string;

  @ApiProperty()
  question!: string;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ enum: RISK_LEVELS, nullable: true })
  atLeast!: (typeof RISK_LEVELS)[number] | null;

  @ApiProperty({ type: () => RiskItemPrefillDto })
  prefill!: RiskItemPrefillDto;
}

export class RiskThresholdDto {
  @ApiProperty({ enum: RISK_LEVELS })
  level!: (typeof RISK_LEVELS)[number];

  @ApiProperty()
  minScore!: number;
}

export class RiskInstrumentDto {
  @ApiProperty()
  code!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [RiskInstrumentItemDto] })
  items!: RiskInstrumentItemDto[];

  @ApiProperty({ type: [RiskThresholdDto] })
  thresholds!: RiskThresholdDto[];
}

export class RiskInstrumentsDto {
  @ApiProperty({ type: [RiskInstrumentDto] })
  items!: RiskInstrumentDto[];
}

export class ProfessionalJudgementViewDto {
  @ApiProperty({ enum: RISK_LEVELS })
  level!: (typeof RISK_LEVELS)[number];

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
}

export class AssessedByDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;
}

export class RiskAssessmentDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  caseReference!: string;

  @ApiProperty()
  fromLinkedCase!: boolean;

  @ApiProperty()
  instrument!: string;

  @ApiProperty()
  instrumentVersion!: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  items!: Record<string, unknown>;

  @ApiProperty()
  score!: number;

  @ApiProperty({ enum: RISK_LEVELS })
  calculatedLevel!: (typeof RISK_LEVELS)[number];

  @ApiProperty({ enum: RISK_LEVELS })
  level!: (typeof RISK_LEVELS)[number];

  @ApiProperty({ type: [String] })
  reasons!: string[];

  @ApiProperty({ type: () => ProfessionalJudgementViewDto, nullable: true })
  professionalJudgement!: ProfessionalJudgementViewDto | null;

  @ApiProperty({ type: Date })
  assessedAt!: Date;

  @ApiProperty({ type: () => AssessedByDto })
  assessedBy!: AssessedByDto;
}

export class RiskAssessmentHistoryDto {
  @ApiProperty({ type: [RiskAssessmentDto] })
  items!: RiskAssessmentDto[];

  @ApiProperty()
  reassessmentDue!: boolean;

  @ApiProperty({ type: [String] })
  reassessmentReasons!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'boolean', enum: [true] } },
    example: { vt_partnergeweld: { weapon: true, victim_fear: true } },
    description:
      'per instrument code (GET /risk-instruments) the items the intake already answers yes, by item code; ' +
      'an item it says nothing about is absent',
  })
  prefill!: Record<string, Record<string, true>>;
}
