import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 20;

export class SearchQueryDto {
  @ApiProperty({
    description: 'a case reference (VT-2026-000123), a name, a date of birth (YYYY-MM-DD) or a full BSN',
    minLength: 3,
    maxLength: 100,
  })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'zoekterm ontbreekt / query missing' })
  @MinLength(3, { message: 'minstens 3 tekens / at least 3 characters' })
  @MaxLength(100, { message: 'hoogstens 100 tekens / at most 100 characters' })
  q!: string;

  @ApiProperty({ required: false, minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT })
  @Type(() => Number)
  @IsInt({ message: 'geen geheel getal / not an integer' })
  @Min(1, { message: 'minstens 1 / at least 1' })
  @Max(SEARCH_MAX_LIMIT, { message: `hoogstens ${SEARCH_MAX_LIMIT} / at most ${SEARCH_MAX_LIMIT}` })
  limit: number = SEARCH_DEFAULT_LIMIT;
}
