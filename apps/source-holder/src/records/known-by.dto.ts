import { KnownByRequest, PSEUDONYM_PATTERN, REASON_CODES, ReasonCode } from '@vt/lookups-protocol';
import { IsIn, IsString, Matches } from 'class-validator';
import { IsCaseReference, IsNested, IsPurposeCode, oneOf, REQUIRED } from '../protocol-validation';

export class PseudonymSubjectDto {
  @IsString(REQUIRED)
  @Matches(PSEUDONYM_PATTERN, {
    message: 'een pseudoniem: 64 hexadecimale tekens (HMAC-SHA256) / a pseudonym: 64 hex digits',
  })
  pseudoniem!: string;
}

export class KnownByRequestDto implements KnownByRequest {
  @IsNested(() => PseudonymSubjectDto)
  subject!: PseudonymSubjectDto;

  @IsIn(REASON_CODES, oneOf(REASON_CODES))
  redenVerzoek!: ReasonCode;

  @IsPurposeCode()
  doelbinding!: string;

  @IsCaseReference()
  zaakReferentie!: string;
}
