import {
  DETAIL_CATEGORIES,
  DETAIL_REQUEST_STATUSES,
  DetailCategory,
  DetailRequestBody,
  DetailRequestStatus,
  LEGAL_BASES,
  LegalBasis,
  REASON_CODES,
  ReasonCode,
  REQUESTER_ROLES,
  RequesterRole,
} from '@vt/lookups-protocol';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsBsn, IsCaseReference, IsNested, IsPurposeCode, IsUniqueList, oneOf, REQUIRED } from '../protocol-validation';

export class BsnSubjectDto {
  @IsBsn()
  @MaxLength(100)
  burgerservicenummer!: string;
}

export class RequesterDto {
  @IsIn(REQUESTER_ROLES, oneOf(REQUESTER_ROLES))
  rol!: RequesterRole;
}

export class DetailRequestDto implements DetailRequestBody {
  @IsNested(() => BsnSubjectDto)
  subject!: BsnSubjectDto;

  @IsIn(REASON_CODES, oneOf(REASON_CODES))
  redenVerzoek!: ReasonCode;

  @IsPurposeCode()
  doelbinding!: string;

  @IsIn(LEGAL_BASES, oneOf(LEGAL_BASES))
  grondslag!: LegalBasis;

  @IsOptional()
  @IsArray({ message: 'moet een lijst zijn / must be a list' })
  @ArrayMinSize(1, { message: 'ten minste één categorie / at least one category' })
  @ArrayMaxSize(DETAIL_CATEGORIES.length, { message: 'te veel categorieën / too many categories' })
  @IsUniqueList({ message: 'elke categorie één keer / each category once' })
  @IsIn(DETAIL_CATEGORIES, { each: true, ...oneOf(DETAIL_CATEGORIES) })
  vragen?: DetailCategory[];

  @IsCaseReference()
  zaakReferentie!: string;

  @IsNested(() => RequesterDto)
  verzoeker!: RequesterDto;
}

export class InteractionIdParams {
  @IsUUID('all', { message: 'geen geldige interactieId / not a valid interactieId' })
  interactieId!: string;
}

export class ReviewListQuery {
  @IsOptional()
  @IsIn(DETAIL_REQUEST_STATUSES, oneOf(DETAIL_REQUEST_STATUSES))
  status?: DetailRequestStatus;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'een geheel getal / an integer' })
  @Min(1, { message: 'van 1 tot 200 / from 1 to 200' })
  @Max(200, { message: 'van 1 tot 200 / from 1 to 200' })
  limit?: number;
}

export const REVIEW_DECISIONS = ['TOEKENNEN', 'WEIGEREN'] as const;

export class ReviewDecisionDto {
  @IsIn(REVIEW_DECISIONS, oneOf(REVIEW_DECISIONS))
  besluit!: (typeof REVIEW_DECISIONS)[number];

  /** Required when granting. */
  @ValidateIf((dto: ReviewDecisionDto) => dto.besluit === 'TOEKENNEN' || dto.categorieen !== undefined)
  @IsArray({ message: 'verplicht bij toekennen, een lijst / required when granting, a list' })
  @ArrayMinSize(1, { message: 'ten minste één categorie / at least one category' })
  @ArrayMaxSize(DETAIL_CATEGORIES.length, { message: 'te veel categorieën / too many categories' })
  @IsUniqueList({ message: 'elke categorie één keer / each category once' })
  @IsIn(DETAIL_CATEGORIES, { each: true, ...oneOf(DETAIL_CATEGORIES) })
  categorieen?: DetailCategory[];

  /** Required when refusing: the professional reads it. */
  @ValidateIf((dto: ReviewDecisionDto) => dto.besluit === 'WEIGEREN' || dto.reden !== undefined)
  @Matches(/^[\s\S]{3,500}$/, {
    message: 'verplicht bij weigeren, 3 tot 500 tekens / required when refusing, 3 to 500 characters',
  })
  reden?: string;

  /** Who decided, as the source knows its reviewers (recorded with the decision). */
  @IsString(REQUIRED)
  @Matches(/^[\p{L}\p{N} .'@_-]{2,100}$/u, {
    message: 'naam of code van de beoordelaar (2 tot 100 tekens) / name or code of the reviewer (2 to 100 characters)',
  })
  beoordelaar!: string;
}
