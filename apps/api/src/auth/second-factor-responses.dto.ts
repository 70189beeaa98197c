import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SessionDto } from './auth-responses.dto';

export class TotpStatusDto {
  @ApiProperty()
  enabled!: boolean;

  @ApiProperty()
  pending!: boolean;
}

export class PasskeyDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: Date })
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  lastUsedAt!: Date | null;
}

export class RecoveryCodesStatusDto {
  @ApiProperty()
  remaining!: number;
}

export class SecondFactorStatusDto {
  @ApiProperty()
  required!: boolean;

  @ApiProperty({ type: () => TotpStatusDto })
  totp!: TotpStatusDto;

  @ApiProperty({ type: [PasskeyDto] })
  passkeys!: PasskeyDto[];

  @ApiProperty({ type: () => RecoveryCodesStatusDto })
  recoveryCodes!: RecoveryCodesStatusDto;
}

export class TotpSetupDto {
  @ApiProperty()
  secret!: string;

  @ApiProperty()
  uri!: string;
}

export class FactorConfirmedDto {
  @ApiProperty({ type: [String], required: false })
  recoveryCodes?: string[];

  @ApiProperty({ type: () => SessionDto, required: false })
  session?: SessionDto;
}

export class PasskeyRegistrationOptionsDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  options!: Record<string, unknown>;

  @ApiProperty()
  registrationToken!: string;
}

export class RegisteredPasskeyDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;
}

export class PasskeyRegisteredDto {
  @ApiProperty({ type: [String], required: false })
  recoveryCodes?: string[];

  @ApiProperty({ type: () => SessionDto, required: false })
  session?: SessionDto;

  @ApiProperty({ type: () => RegisteredPasskeyDto })
  passkey!: RegisteredPasskeyDto;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String] })
  recoveryCodes!: string[];
}

export class StepUpChallengeDto {
  @ApiProperty({ enum: ['totp', 'passkey'], isArray: true, description: 'Not a recovery code: it is for sign-in' })
  methods!: ('totp' | 'passkey')[];

  @ApiProperty({ description: 'For `step-up/totp` or `step-up/passkey`; single use, five tries, a few minutes' })
  challengeToken!: string;

  @ApiProperty()
  expiresIn!: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Options for `navigator.credentials.get` when the user has passkeys',
  })
  passkey?: Record<string, unknown>;
}
