import { GezagRequest, MAX_GEZAG_BSNS } from '@vt/lookups-protocol';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsBsn, IsUniqueList } from '../protocol-validation';

/** GezagRequest of the BRP API Gezag; no other member is accepted. */
export class CustodyRequestDto implements GezagRequest {
  @IsArray({ message: 'een lijst van BSN’s / a list of BSNs' })
  @ArrayMinSize(1, { message: 'ten minste één BSN / at least one BSN' })
  @ArrayMaxSize(MAX_GEZAG_BSNS, {
    message: `ten hoogste ${MAX_GEZAG_BSNS} / at most ${MAX_GEZAG_BSNS}`,
  })
  @IsUniqueList({ message: 'elk BSN één keer / each BSN once' })
  @IsBsn({ each: true })
  burgerservicenummer!: string[];
}
