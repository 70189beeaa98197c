import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DETAIL_CATEGORIES, DETAIL_REQUEST_STATUSES } from '@vt/lookups-protocol';

export class DetailRequestAcceptedDto {
  @ApiProperty()
  interactieId!: string;
}

export class DetailRequestAnswerDto {
  @ApiProperty({ enum: DETAIL_REQUEST_STATUSES })
  status!: (typeof DETAIL_REQUEST_STATUSES)[number];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: `Only with TOEGEKEND: the granted categories (${DETAIL_CATEGORIES.join(', ')}) as they were when decided`,
  })
  gegevens?: Record<string, unknown>;

  @ApiProperty({ required: false, description: 'With GEWEIGERD and FOUT: Dutch text for the professional' })
  reden?: string;

  @ApiProperty({ required: false, description: 'With FOUT: verlopen, gewijzigd or niet_meer_beschikbaar' })
  redenCode?: string;
}

export class ReviewRequesterDto {
  @ApiProperty()
  organisatie!: string;

  @ApiProperty()
  soort!: string;

  @ApiProperty()
  rol!: string;
}

export class ReviewDecisionViewDto {
  @ApiProperty({ type: [String] })
  categorieen!: string[];

  @ApiProperty({ required: false })
  reden?: string;

  @ApiProperty()
  door!: string;

  @ApiProperty()
  op!: string;
}

/** A detail request as the source's reviewer sees it, with the decision once taken. */
export class ReviewItemDto {
  @ApiProperty()
  interactieId!: string;

  @ApiProperty()
  ontvangenOp!: string;

  @ApiProperty({ enum: DETAIL_REQUEST_STATUSES })
  status!: (typeof DETAIL_REQUEST_STATUSES)[number];

  @ApiProperty({ type: () => ReviewRequesterDto })
  verzoeker!: ReviewRequesterDto;

  @ApiProperty()
  redenVerzoek!: string;

  @ApiProperty()
  doelbinding!: string;

  @ApiProperty()
  grondslag!: string;

  @ApiProperty({ type: [String], nullable: true })
  vragen!: string[] | null;

  @ApiProperty()
  zaakReferentie!: string;

  @ApiProperty({ type: String, nullable: true })
  dossierReferentie!: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  identiteitBevestigd!: boolean | null;

  @ApiProperty({ type: () => ReviewDecisionViewDto, required: false })
  besluit?: ReviewDecisionViewDto;
}

export class ReviewListDto {
  @ApiProperty({ type: [ReviewItemDto] })
  items!: ReviewItemDto[];
}
