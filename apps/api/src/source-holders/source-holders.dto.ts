import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPABILITIES, Capability } from '@vt/lookups';
import { MIN_PSEUDONYM_KEY_LENGTH, ORGANISATION_SLUG_PATTERN } from '@vt/lookups-protocol';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ID } from '../cases/cases.dto';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const URL_MESSAGE = { message: 'geen geldige http(s)-URL / not a valid http(s) URL' };
const CAPABILITY_MESSAGE = {
  each: true,
  message: `toegestaan: ${CAPABILITIES.join(', ')} / allowed: ${CAPABILITIES.join(', ')}`,
};
const KEY_MESSAGE = {
  message: `minstens ${MIN_PSEUDONYM_KEY_LENGTH} tekens / at least ${MIN_PSEUDONYM_KEY_LENGTH} characters`,
};

export class SourceHolderParams {
  @IsUUID('all', ID)
  id!: string;
}

export class CreateSourceHolderDto {
  @ApiProperty({ description: 'Id of the source holder: the audience of the hub tokens (SOURCE_HOLDER_ID)' })
  @IsString()
  @Matches(ORGANISATION_SLUG_PATTERN, { message: 'a-z, 0-9 en -, hoogstens 40 tekens / a-z, 0-9 and -, at most 40' })
  sourceId!: string;

  @ApiProperty({ description: 'The organisation it answers for' })
  @IsUUID('all', ID)
  organisationId!: string;

  @ApiProperty({ example: 'https://bronhouder.gi.example' })
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  baseUrl!: string;

  @ApiProperty({ enum: CAPABILITIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, CAPABILITY_MESSAGE)
  capabilities!: Capability[];

  @ApiProperty({ description: 'The pseudonym key shared with this source holder alone; never shown again' })
  @IsString()
  @MinLength(MIN_PSEUDONYM_KEY_LENGTH, KEY_MESSAGE)
  @MaxLength(500)
  pseudonymKey!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateSourceHolderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', ID)
  organisationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS, URL_MESSAGE)
  @MaxLength(500)
  baseUrl?: string;

  @ApiPropertyOptional({ enum: CAPABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CAPABILITIES.length)
  @IsIn(CAPABILITIES, CAPABILITY_MESSAGE)
  capabilities?: Capability[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(MIN_PSEUDONYM_KEY_LENGTH, KEY_MESSAGE)
  @MaxLength(500)
  pseudonymKey?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
