import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  DETAIL_CATEGORIES,
  DetailCategory,
  LEGAL_BASES,
  LegalBasis,
  REASON_CODES,
  ReasonCode,
} from '@vt/lookups-protocol';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { CaseIdParams, ID } from '../cases/cases.dto';

const oneOf = (values: readonly string[]) => ({
  message: `toegestaan: ${values.join(', ')} / allowed: ${values.join(', ')}`,
});

export class KnownByDto {
  @ApiProperty({ description: 'A person of this case' })
  @IsUUID('all', ID)
  personId!: string;

  @ApiProperty({ enum: REASON_CODES })
  @IsIn(REASON_CODES, oneOf(REASON_CODES))
  reasonCode!: ReasonCode;
}

export class CustodyDto {
  @ApiProperty({ description: 'A minor of this case' })
  @IsUUID('all', ID)
  personId!: string;
}

export class DetailRequestDto {
  @ApiProperty({ description: 'A person of this case' })
  @IsUUID('all', ID)
  personId!: string;

  @ApiProperty({ description: 'The partner organisation whose source holder is asked' })
  @IsUUID('all', ID)
  organisationId!: string;

  @ApiProperty({ enum: REASON_CODES })
  @IsIn(REASON_CODES, oneOf(REASON_CODES))
  reasonCode!: ReasonCode;

  @ApiProperty({ enum: LEGAL_BASES })
  @IsIn(LEGAL_BASES, oneOf(LEGAL_BASES))
  legalBasis!: LegalBasis;

  @ApiPropertyOptional({ enum: DETAIL_CATEGORIES, isArray: true, description: 'All the source allows when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DETAIL_CATEGORIES.length)
  @IsIn(DETAIL_CATEGORIES, { each: true, ...oneOf(DETAIL_CATEGORIES) })
  questions?: DetailCategory[];
}

export class DetailRequestParams extends CaseIdParams {
  @IsUUID('all', ID)
  rid!: string;
}
