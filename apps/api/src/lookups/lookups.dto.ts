import { ApiProperty } from '@nestjs/swagger';
import { REASON_CODES, ReasonCode } from '@vt/lookups-protocol';
import { IsIn, IsUUID } from 'class-validator';
import { ID } from '../cases/cases.dto';

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
