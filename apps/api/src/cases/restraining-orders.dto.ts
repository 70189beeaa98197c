import { ApiProperty } from '@nestjs/swagger';
import { ORDER_ADVICES, ORDER_DECISIONS, OrderAdvice, OrderDecision } from '@vt/cases';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CaseIdParams, ID, WITH_OFFSET } from './cases.dto';

export const TIMESTAMP = { message: 'geen geldig tijdstip (ISO 8601) / not a valid timestamp' };
export const OFFSET = { message: 'tijdstip zonder tijdzone (Z of +01:00) / timestamp without offset' };
export const REQUIRED = { message: 'verplicht / required' };
export const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export class RecordRestrainingOrderDto {
  @ApiProperty({ example: '2026-11-23T14:30:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  imposedAt!: string;

  @ApiProperty({ example: 'Burgemeester van Utrecht (hulpofficier van justitie in mandaat)' })
  @IsString()
  @Matches(/\S/, REQUIRED)
  @MaxLength(200)
  imposedBy!: string;

  @ApiProperty({ description: 'the person of the case the order is imposed on' })
  @IsUUID('all', ID)
  subjectPersonId!: string;
}

export class RestrainingOrderParams extends CaseIdParams {
  @IsUUID('all', ID)
  rid!: string;
}

export class ExtendRestrainingOrderDto {
  @ApiProperty({ example: '2026-12-21T14:30:00+01:00', description: 'at most 28 days after imposedAt' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  until!: string;
}

export class OrderAdviceDto {
  @ApiProperty({ enum: ORDER_ADVICES })
  @IsIn(ORDER_ADVICES, oneOf(ORDER_ADVICES))
  advice!: OrderAdvice;

  @ApiProperty({ example: 'Dreiging houdt aan; hulp is net gestart.' })
  @IsString()
  @Matches(/\S/, REQUIRED)
  @MaxLength(4000)
  summary!: string;
}

export class OrderDecisionDto {
  @ApiProperty({ enum: ORDER_DECISIONS })
  @IsIn(ORDER_DECISIONS, oneOf(ORDER_DECISIONS))
  decision!: OrderDecision;

  @ApiProperty({ required: false, description: 'with extended: the new end, at most 28 days after imposedAt' })
  @IsOptional()
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  until?: string;
}

export class OrderBreachDto {
  @ApiProperty({ example: '2026-11-27T22:10:00+01:00' })
  @IsISO8601({ strict: true }, TIMESTAMP)
  @Matches(WITH_OFFSET, OFFSET)
  @MaxLength(100)
  occurredAt!: string;

  @ApiProperty({ example: 'Stond voor de deur, politie ter plaatse.' })
  @IsString()
  @Matches(/\S/, REQUIRED)
  @MaxLength(4000)
  description!: string;
}
