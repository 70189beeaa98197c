import { ApiProperty } from '@nestjs/swagger';
import { KNOWN_BY_OUTCOMES } from '@vt/lookups-protocol';

export class ContactPointDto {
  @ApiProperty()
  naam!: string;

  @ApiProperty({ required: false })
  telefoon?: string;

  @ApiProperty({ required: false })
  email?: string;
}

export class KnownByAnswerDto {
  @ApiProperty({ enum: KNOWN_BY_OUTCOMES })
  uitslag!: (typeof KNOWN_BY_OUTCOMES)[number];

  @ApiProperty({ type: () => ContactPointDto, required: false, description: 'Only when the person is known' })
  contactpunt?: ContactPointDto;
}
