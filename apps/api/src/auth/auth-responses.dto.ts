import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SecondFactorChallengeDto {
  @ApiProperty()
  required!: boolean;

  @ApiProperty()
  enrolment!: boolean;

  @ApiProperty({ enum: ['totp', 'passkey', 'recovery_code'], isArray: true })
  methods!: ('totp' | 'passkey' | 'recovery_code')[];

  @ApiProperty()
  challengeToken!: string;

  @ApiProperty()
  expiresIn!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  passkey?: Record<string, unknown>;
}

export class SessionUserDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ type: [String] })
  roles!: string[];
}

export class LoginAnswerDto {
  @ApiProperty({ type: () => SecondFactorChallengeDto, required: false })
  secondFactor?: SecondFactorChallengeDto;

  @ApiProperty({ required: false })
  accessToken?: string;

  @ApiProperty({ required: false })
  expiresIn?: number;

  @ApiProperty({ required: false })
  refreshToken?: string;

  @ApiProperty({ type: () => SessionUserDto, required: false })
  user?: SessionUserDto;
}

export class SessionDto {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty()
  expiresIn!: number;

  @ApiProperty()
  refreshToken!: string;

  @ApiProperty({ type: () => SessionUserDto })
  user!: SessionUserDto;
}

/** The second factor's step of a sign-in at the organisation's provider. */
export class SecondFactorStepDto {
  @ApiProperty({ type: () => SecondFactorChallengeDto })
  secondFactor!: SecondFactorChallengeDto;
}
