import { ApiProperty } from '@nestjs/swagger';
import { MIN_PASSWORD_LENGTH, ORGANISATION_ROLES, PASSWORD_TOO_SHORT, Role } from '@vt/access';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';

const ROLE_MESSAGE = `onbekende rol; toegestaan: ${ORGANISATION_ROLES.join(', ')} / unknown role`;

export class OrganisationParams {
  @IsUUID('all', { message: 'geen geldige id / not a valid id' })
  orgId!: string;
}

export class UserParams extends OrganisationParams {
  @IsUUID('all', { message: 'geen geldige id / not a valid id' })
  userId!: string;
}

export class CreateUserDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty()
  @IsEmail({}, { message: 'geen geldig e-mailadres / not a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_TOO_SHORT })
  @MaxLength(256)
  password!: string;

  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORGANISATION_ROLES.length)
  @IsIn(ORGANISATION_ROLES, { each: true, message: ROLE_MESSAGE })
  roles!: Role[];
}

export class UpdateUserDto {
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ORGANISATION_ROLES.length)
  @IsIn(ORGANISATION_ROLES, { each: true, message: ROLE_MESSAGE })
  roles?: Role[];

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
