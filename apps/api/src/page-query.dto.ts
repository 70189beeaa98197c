import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?limit=` of every list: at most 200 (DESIGN.md section 10); callers default it to 50. */
export class LimitQuery {
  @ApiProperty({ required: false, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/** Keyset pagination: the `nextCursor` of the previous page. */
export class PageQuery extends LimitQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  cursor?: string;
}
