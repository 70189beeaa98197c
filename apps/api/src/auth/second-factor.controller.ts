import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AccessException, EnrolmentCaller, Enrolled, OidcService, SecondFactorService, Session } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import type { Request, Response } from 'express';
import { Public } from '../security/decorators';
import {
  bearerToken,
  cookieValue,
  PENDING_SECOND_FACTOR_COOKIE,
  PENDING_SECOND_FACTOR_PATH,
  requestOrigin,
  sessionBody,
} from './auth-http';
import {
  ConfirmTotpDto,
  PasskeyAssertionDto,
  PasskeyParams,
  RecoveryCodeDto,
  RegisterPasskeyDto,
  TotpCodeDto,
} from './second-factor.dto';
import {
  FactorConfirmedDto,
  PasskeyRegisteredDto,
  PasskeyRegistrationOptionsDto,
  RecoveryCodesDto,
  SecondFactorStatusDto,
  StepUpChallengeDto,
  TotpSetupDto,
} from './second-factor-responses.dto';
import { SecondFactorStepDto, SessionDto } from './auth-responses.dto';

/** A change to the factors of an account that has one, without a recent proof of one in the session. */
const ReauthenticationRequired = () =>
  ApiResponse({
    status: 403,
    description:
      '`access.reauthentication_required`: the session has not proved the second factor within the step-up window; ' +
      'step up (`POST /auth/second-factor/step-up`) or sign in again. Nothing changed',
  });

/**
 * The second factor (docs/second-factor.md). The sign-in steps take the challenge token of the
 * login answer. The enrolment endpoints take a bearer token: a session's access token, or the
 * enrolment-only token a user without any factor gets, which is good for these endpoints alone
 * (the guard of every other endpoint refuses it); they authenticate the caller themselves.
 */
@ApiTags('auth')
@Public()
@Controller('auth/second-factor')
export class SecondFactorController {
  constructor(
    private readonly secondFactor: SecondFactorService,
    private readonly oidc: OidcService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Post('pending')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The second factor’s step of a sign-in at the organisation’s provider, once (from the httpOnly cookie vt_second_factor)',
  })
  @ApiResponse({ status: 401, description: 'No such step, taken already, or expired: sign in again' })
  @ApiOkResponse({ type: SecondFactorStepDto })
  async pending(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const pending = cookieValue(req, PENDING_SECOND_FACTOR_COOKIE);
    res.clearCookie(PENDING_SECOND_FACTOR_COOKIE, { path: PENDING_SECOND_FACTOR_PATH });
    const step = pending ? await this.oidc.takePendingStep(pending) : undefined;
    if (!step) throw AccessException.invalidChallenge();
    return { secondFactor: step };
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Completes sign-in with a code of the authenticator app: the session' })
  @ApiResponse({
    status: 401,
    description: 'Wrong or reused code (counts as a failed login), or a bad challenge token',
  })
  @ApiOkResponse({ type: SessionDto })
  async totp(@Body() body: TotpCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.secondFactor.completeWithTotp(body.challengeToken, body.code.trim(), requestOrigin(req));
    return sessionBody(res, this.config, session);
  }

  @Post('recovery-code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Completes sign-in with a recovery code, which is then used up: the session' })
  @ApiOkResponse({ type: SessionDto })
  async recoveryCode(@Body() body: RecoveryCodeDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.secondFactor.completeWithRecoveryCode(
      body.challengeToken,
      body.code,
      requestOrigin(req),
    );
    return sessionBody(res, this.config, session);
  }

  @Post('passkey')
  @HttpCode(200)
  @ApiOperation({ summary: 'Completes sign-in with a passkey (the login answer’s `secondFactor.passkey` options)' })
  @ApiOkResponse({ type: SessionDto })
  async passkey(@Body() body: PasskeyAssertionDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = await this.secondFactor.completeWithPasskey(
      body.challengeToken,
      body.response as AuthenticationResponseJSON,
      requestOrigin(req),
    );
    return sessionBody(res, this.config, session);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller’s factors: TOTP, passkeys, how many recovery codes are left' })
  @ApiOkResponse({ type: SecondFactorStatusDto })
  async status(@Req() req: Request) {
    return this.secondFactor.status(await this.caller(req));
  }

  @Post('totp/setup')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A new TOTP secret, as otpauth URI and as text, shown this once; counts once confirmed' })
  @ApiOkResponse({ type: TotpSetupDto })
  @ReauthenticationRequired()
  async setUpTotp(@Req() req: Request) {
    return this.secondFactor.setUpTotp(await this.caller(req), requestOrigin(req));
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Confirms the TOTP with a first code; the first factor brings recovery codes, the enrolment-only state a session',
  })
  @ApiOkResponse({ type: FactorConfirmedDto })
  @ReauthenticationRequired()
  async confirmTotp(@Body() body: ConfirmTotpDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const caller = await this.caller(req);
    return this.answer(res, await this.secondFactor.confirmTotp(caller, body.code.trim(), requestOrigin(req)));
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Removes the TOTP; refused (409) for the last factor where one is required' })
  @ReauthenticationRequired()
  async removeTotp(@Req() req: Request) {
    await this.secondFactor.removeTotp(await this.caller(req), requestOrigin(req));
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Options for `startRegistration`, with the registration token to send back' })
  @ApiOkResponse({ type: PasskeyRegistrationOptionsDto })
  @ReauthenticationRequired()
  async passkeyOptions(@Req() req: Request) {
    return this.secondFactor.passkeyOptions(await this.caller(req), requestOrigin(req));
  }

  @Post('passkeys')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Registers a passkey; the first factor brings recovery codes, the enrolment-only state a session',
  })
  @ApiCreatedResponse({ type: PasskeyRegisteredDto })
  @ReauthenticationRequired()
  async registerPasskey(
    @Body() body: RegisterPasskeyDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const caller = await this.caller(req);
    const { passkey, ...enrolled } = await this.secondFactor.registerPasskey(
      caller,
      body.registrationToken,
      body.name.trim(),
      body.response as RegistrationResponseJSON,
      requestOrigin(req),
    );
    return { passkey, ...this.answer(res, enrolled) };
  }

  @Delete('passkeys/:passkeyId')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Removes one of the caller’s passkeys; refused (409) for the last factor where one is required',
  })
  @ReauthenticationRequired()
  async removePasskey(@Param() params: PasskeyParams, @Req() req: Request) {
    await this.secondFactor.removePasskey(await this.caller(req), params.passkeyId, requestOrigin(req));
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Ten new recovery codes, shown this once; the previous ones stop working' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ReauthenticationRequired()
  async regenerateRecoveryCodes(@Req() req: Request) {
    return {
      recoveryCodes: await this.secondFactor.regenerateRecoveryCodes(await this.caller(req), requestOrigin(req)),
    };
  }

  @Post('step-up')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A challenge to prove the TOTP or a passkey again in this session (a step-up), before changing the factors',
  })
  @ApiOkResponse({ type: StepUpChallengeDto })
  @ApiResponse({ status: 403, description: 'The enrolment-only state: it has no session to step up' })
  @ApiResponse({ status: 409, description: 'The account has no TOTP and no passkey' })
  async stepUpChallenge(@Req() req: Request) {
    return this.secondFactor.stepUpChallenge(await this.caller(req), requestOrigin(req));
  }

  @Post('step-up/totp')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Steps up with a code of the authenticator app: the session may change the factors for the step-up window',
  })
  @ApiResponse({
    status: 400,
    description: 'Wrong or reused code at `code` (counts as a failed login), or an expired step at `challengeToken`',
  })
  @ApiResponse({ status: 403, description: 'The enrolment-only state: it has no session to step up' })
  @ApiResponse({ status: 429, description: 'Too many failed logins for the account or the address' })
  async stepUpWithTotp(@Body() body: TotpCodeDto, @Req() req: Request) {
    const caller = await this.caller(req);
    await this.secondFactor.stepUp(caller, body.challengeToken, { code: body.code.trim() }, requestOrigin(req));
  }

  @Post('step-up/passkey')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Steps up with a passkey (the step-up’s `passkey` options): the session may change the factors for the window',
  })
  @ApiResponse({
    status: 400,
    description: 'A passkey not accepted at `response` (counts as a failed login), or an expired step',
  })
  @ApiResponse({ status: 403, description: 'The enrolment-only state: it has no session to step up' })
  @ApiResponse({ status: 429, description: 'Too many failed logins for the account or the address' })
  async stepUpWithPasskey(@Body() body: PasskeyAssertionDto, @Req() req: Request) {
    const caller = await this.caller(req);
    await this.secondFactor.stepUp(
      caller,
      body.challengeToken,
      { response: body.response as AuthenticationResponseJSON },
      requestOrigin(req),
    );
  }

  private caller(req: Request): Promise<EnrolmentCaller> {
    return this.secondFactor.callerOf(bearerToken(req), requestOrigin(req));
  }

  private answer(
    res: Response,
    enrolled: Enrolled,
  ): { recoveryCodes?: string[]; session?: ReturnType<typeof sessionBody> } {
    const session: Session | undefined = enrolled.session;
    return {
      ...(enrolled.recoveryCodes ? { recoveryCodes: enrolled.recoveryCodes } : {}),
      ...(session ? { session: sessionBody(res, this.config, session) } : {}),
    };
  }
}
