import { ApiProperty } from '@nestjs/swagger';
import { ORGANISATION_KINDS, ROLES } from '@vt/access';

export class OwnOrganisationDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  kind!: string;
}

export class UserViewDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ type: Date })
  createdAt!: Date;

  @ApiProperty()
  active!: boolean;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: (typeof ROLES)[number][];
}

export class MeDto extends UserViewDto {
  @ApiProperty({ type: () => OwnOrganisationDto })
  organisation!: OwnOrganisationDto;
}

export class OrganisationDto {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind!: (typeof ORGANISATION_KINDS)[number];

  @ApiProperty()
  region!: string;
}

export class OrganisationListDto {
  @ApiProperty({ type: [OrganisationDto] })
  items!: OrganisationDto[];
}
