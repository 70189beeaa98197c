import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'caseworker@vt-midden.example' })
  @IsEmail({}, { message: 'geen geldig e-mailadres / not a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  @ApiProperty({
    required: false,
    example: 'vt-midden',
    description:
      'Organisation slug; needed only when the address and password open accounts in several organisations (409 access.organisation_required)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'geen geldige organisatiecode / not an organisation slug' })
  organisation?: string;
}

export class RefreshDto {
  @ApiProperty({ required: false, description: 'Also accepted from the httpOnly cookie vt_refresh' })
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken?: string;
}
