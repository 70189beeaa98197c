import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { OIDC_ERROR_KEYS, OidcService } from '@vt/access';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import type { Request, Response } from 'express';
import { Public } from '../security/decorators';
import {
  cookieValue,
  PENDING_SECOND_FACTOR_COOKIE,
  PENDING_SECOND_FACTOR_PATH,
  requestOrigin,
  setRefreshCookie,
} from './auth-http';

/** Binds a flow to the browser that started it; Lax, as the provider sends the browser back cross-site. */
const FLOW_COOKIE = 'vt_oidc_state';
const FLOW_COOKIE_PATH = '/api/v1/auth/oidc';

/** The web app's login screen, which shows the Dutch message of `inlogfout`. */
function loginScreen(key: string): string {
  return `/inloggen?inlogfout=${key}`;
}

@ApiTags('auth')
@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get(':organisationSlug/start')
  @ApiOperation({ summary: "Sends the browser to the organisation's identity provider (authorisation code, PKCE)" })
  @ApiParam({ name: 'organisationSlug', description: 'The organisation’s short name' })
  @ApiResponse({ status: 302, description: 'To the provider, or to the login screen when it cannot be reached' })
  @ApiResponse({ status: 404, description: 'No such organisation, or it has no provider' })
  async start(@Param('organisationSlug') slug: string, @Res() res: Response): Promise<void> {
    const started = await this.oidc.start(slug);
    if ('refused' in started) return res.redirect(302, loginScreen(OIDC_ERROR_KEYS[started.refused]));
    res.cookie(FLOW_COOKIE, started.state, {
      httpOnly: true,
      secure: this.config.nodeEnv === 'production',
      sameSite: 'lax',
      path: FLOW_COOKIE_PATH,
      maxAge: 10 * 60 * 1000,
    });
    res.redirect(302, started.url.href);
  }

  @Get(':organisationSlug/callback')
  @ApiOperation({
    summary: 'Where the provider sends the browser back: the session cookie and the web app, or its login screen',
  })
  @ApiParam({ name: 'organisationSlug', description: 'The organisation’s short name' })
  @ApiResponse({
    status: 302,
    description:
      'To the web app with a session, to its login screen for the second factor, or to the login screen with an error key',
  })
  @ApiResponse({ status: 404, description: 'No such organisation, or it has no provider' })
  async callback(@Param('organisationSlug') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = new URL(req.originalUrl, 'http://callback').searchParams;
    const outcome = await this.oidc.finish(slug, query, cookieValue(req, FLOW_COOKIE), requestOrigin(req));
    // One flow, one callback: the binding goes whatever the outcome.
    res.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    if ('refused' in outcome) return res.redirect(302, loginScreen(OIDC_ERROR_KEYS[outcome.refused]));
    if ('pending' in outcome) {
      // The provider's sign-in did not count as multi-factor: the login screen asks the hub's own
      // (POST /auth/second-factor/pending hands it the step). No session yet.
      res.cookie(PENDING_SECOND_FACTOR_COOKIE, outcome.pending, {
        httpOnly: true,
        secure: this.config.nodeEnv === 'production',
        sameSite: 'strict',
        path: PENDING_SECOND_FACTOR_PATH,
        maxAge: 15 * 60 * 1000,
      });
      return res.redirect(302, '/inloggen?tweedestap=1');
    }
    // The web app restores its session from this cookie on load (POST /auth/refresh), as after a reload.
    setRefreshCookie(res, this.config, outcome.session);
    res.redirect(302, '/');
  }
}
