import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const NOT_BASE64URL = { message: 'geen base64url / not base64url' };
const REQUIRED = { message: 'verplicht / required' };
const OBJECT = { message: 'moet een object zijn / must be an object' };
/** What browsers report; an unknown one is refused rather than stored. */
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const ATTACHMENTS = ['platform', 'cross-platform'] as const;

class ChallengeDto {
  @ApiProperty({
    description:
      'From the login answer’s `secondFactor.challengeToken` (a step-up’s: its own); single use, a few minutes',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'geen geldige token / not a token' })
  challengeToken!: string;
}

export class TotpCodeDto extends ChallengeDto {
  @ApiProperty({ example: '123456', description: 'The six digits the authenticator app shows now' })
  @IsString()
  @MaxLength(12)
  @Matches(/^\s*\d{6}\s*$/, { message: 'zes cijfers / six digits' })
  code!: string;
}

export class RecoveryCodeDto extends ChallengeDto {
  @ApiProperty({ example: 'abcde-fghij', description: 'One of the recovery codes; each works once' })
  @IsString()
  @MinLength(10)
  @MaxLength(20)
  code!: string;
}

export class ConfirmTotpDto {
  @ApiProperty({ example: '123456', description: 'A first code from the app, which makes the TOTP count' })
  @IsString()
  @MaxLength(12)
  @Matches(/^\s*\d{6}\s*$/, { message: 'zes cijfers / six digits' })
  code!: string;
}

class AuthenticatorResponseDto {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  @Matches(BASE64URL, NOT_BASE64URL)
  clientDataJSON!: string;

  @ApiProperty({ required: false, description: 'Registration only' })
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  @Matches(BASE64URL, NOT_BASE64URL)
  attestationObject?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(BASE64URL, NOT_BASE64URL)
  authenticatorData?: string;

  @ApiProperty({ required: false, description: 'Authentication only' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(BASE64URL, NOT_BASE64URL)
  signature?: string;

  @ApiProperty({ required: false, description: 'Authentication only' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @Matches(BASE64URL, NOT_BASE64URL)
  userHandle?: string;

  @ApiProperty({ required: false, description: 'Registration only' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @Matches(BASE64URL, NOT_BASE64URL)
  publicKey?: string;

  @ApiProperty({ required: false, description: 'Registration only' })
  @IsOptional()
  @IsInt()
  @Min(-65536)
  @Max(65535)
  publicKeyAlgorithm?: number;

  @ApiProperty({ required: false, enum: TRANSPORTS, isArray: true })
  @IsOptional()
  @ArrayMaxSize(TRANSPORTS.length)
  @IsIn(TRANSPORTS, { each: true })
  transports?: (typeof TRANSPORTS)[number][];
}

/** A `PublicKeyCredential` as `@simplewebauthn/browser` serialises it (registration or authentication). */
export class PublicKeyCredentialDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1400)
  @Matches(BASE64URL, NOT_BASE64URL)
  id!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1400)
  @Matches(BASE64URL, NOT_BASE64URL)
  rawId!: string;

  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type!: 'public-key';

  @ApiProperty({ type: AuthenticatorResponseDto })
  @IsDefined(REQUIRED)
  @IsObject(OBJECT)
  @ValidateNested()
  @Type(() => AuthenticatorResponseDto)
  response!: AuthenticatorResponseDto;

  @ApiProperty({ required: false, type: Object })
  @IsOptional()
  @IsObject(OBJECT)
  clientExtensionResults?: Record<string, unknown>;

  @ApiProperty({ required: false, enum: ATTACHMENTS })
  @IsOptional()
  @IsIn(ATTACHMENTS)
  authenticatorAttachment?: (typeof ATTACHMENTS)[number];
}

export class PasskeyAssertionDto extends ChallengeDto {
  @ApiProperty({ type: PublicKeyCredentialDto, description: 'The result of `startAuthentication`' })
  @IsDefined(REQUIRED)
  @IsObject(OBJECT)
  @ValidateNested()
  @Type(() => PublicKeyCredentialDto)
  response!: PublicKeyCredentialDto;
}

export class RegisterPasskeyDto {
  @ApiProperty({ description: 'From `POST /auth/second-factor/passkeys/options`; single use' })
  @IsString()
  @MaxLength(2000)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'geen geldige token / not a token' })
  registrationToken!: string;

  @ApiProperty({ example: 'Laptop werk', description: 'A name that tells the user’s passkeys apart' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ type: PublicKeyCredentialDto, description: 'The result of `startRegistration`' })
  @IsDefined(REQUIRED)
  @IsObject(OBJECT)
  @ValidateNested()
  @Type(() => PublicKeyCredentialDto)
  response!: PublicKeyCredentialDto;
}

export class PasskeyParams {
  @IsUUID('all', { message: 'geen geldige id / not a valid id' })
  passkeyId!: string;
}
