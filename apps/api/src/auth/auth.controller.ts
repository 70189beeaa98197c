import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessException, AuthService, Session } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import type { Request, Response } from 'express';
import { Public } from '../security/decorators';
import { LoginDto, RefreshDto } from './auth.dto';
import { cookieValue, REFRESH_COOKIE, REFRESH_COOKIE_PATH, requestOrigin, setRefreshCookie } from './auth-http';

function bearerToken(req: Request): string | undefined {
  return /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.header('authorization') ?? '')?.[1];
}

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /** The refresh token goes in the body for API clients and in an httpOnly cookie for the web app. */
  private respond(res: Response, session: Session) {
    setRefreshCookie(res, this.config, session);
    const { accessToken, expiresIn, refreshToken, user } = session;
    return { accessToken, expiresIn, refreshToken, user };
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return this.respond(res, await this.auth.login(body.email, body.password, requestOrigin(req), body.organisation));
  }

  @Post('refresh')
  @HttpCode(200)
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
