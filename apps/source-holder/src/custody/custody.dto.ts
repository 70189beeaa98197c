import { CustodyRequest, MAX_CUSTODY_SUBJECTS } from '@vt/lookups-protocol';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsBsn, IsCaseReference, IsPurposeCode, IsUniqueList } from '../protocol-validation';

export class CustodyRequestDto implements CustodyRequest {
  @IsArray({ message: 'een lijst van BSN’s / a list of BSNs' })
  @ArrayMinSize(1, { message: 'ten minste één BSN / at least one BSN' })
  @ArrayMaxSize(MAX_CUSTODY_SUBJECTS, {
    message: `ten hoogste ${MAX_CUSTODY_SUBJECTS} / at most ${MAX_CUSTODY_SUBJECTS}`,
  })
  @IsUniqueList({ message: 'elk BSN één keer / each BSN once' })
  @IsBsn({ each: true })
  burgerservicenummer!: string[];

  @IsPurposeCode()
  doelbinding!: string;

  @IsCaseReference()
  zaakReferentie!: string;
}
