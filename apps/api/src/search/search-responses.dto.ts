import { ApiProperty } from '@nestjs/swagger';
import { PHASES, SEARCH_MATCHES } from '@vt/cases';

export class SearchPersonDto {
  @ApiProperty()
  firstName!: string;

  @ApiProperty()
  lastName!: string;

  @ApiProperty({ type: String, nullable: true })
  dateOfBirth!: string | null;
}

export class SearchHitDto {
  @ApiProperty()
  caseId!: string;

  @ApiProperty()
  reference!: string;

  @ApiProperty({ enum: PHASES })
  phase!: (typeof PHASES)[number];

  @ApiProperty({ type: [SearchPersonDto] })
  persons!: SearchPersonDto[];

  @ApiProperty({ enum: SEARCH_MATCHES })
  match!: (typeof SEARCH_MATCHES)[number];
}

export class SearchResultsDto {
  @ApiProperty({ type: [SearchHitDto] })
  items!: SearchHitDto[];
}
