import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessException, AuthService, Session } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import type { Request, Response } from 'express';
import { Public } from '../security/decorators';
import { LoginDto, RefreshDto } from './auth.dto';
import { bearerToken, cookieValue, REFRESH_COOKIE, REFRESH_COOKIE_PATH, requestOrigin, sessionBody } from './auth-http';
import { LoginAnswerDto, SessionDto } from './auth-responses.dto';

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  private respond(res: Response, session: Session) {
    return sessionBody(res, this.config, session);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The password step: a session, or `{ secondFactor }` when a second factor follows (docs/second-factor.md)',
  })
  @ApiOkResponse({ type: LoginAnswerDto })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.auth.login(body.email, body.password, requestOrigin(req), body.organisation);
    // No session and no cookie yet: the second factor's step opens it.
    return 'secondFactor' in outcome ? outcome : this.respond(res, outcome);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new session for a refresh token (body or cookie); the old token is used up' })
  @ApiOkResponse({ type: SessionDto })
  async refresh(@Body() body: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const token = body.refreshToken ?? cookieValue(req, REFRESH_COOKIE);
    if (!token)
      throw new AccessException('access.invalid_refresh_token', 'Sessie verlopen; log opnieuw in / session expired');
    return this.respond(res, await this.auth.refresh(token, requestOrigin(req)));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Ends the session of the refresh token (body or cookie) and of the bearer token, when sent',
  })
  async logout(@Body() body: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    // First, so the browser drops the cookie even when the revocation fails.
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
    await this.auth.logout(
      { refreshToken: body.refreshToken ?? cookieValue(req, REFRESH_COOKIE), accessToken: bearerToken(req) },
      requestOrigin(req),
    );
  }
}
