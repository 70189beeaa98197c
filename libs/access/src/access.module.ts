import { Module } from '@nestjs/common';
import { AuditModule } from '@vt/audit';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { OidcService } from './oidc.service';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';
import { PasswordService } from './password.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SecondFactorGate } from './second-factor-gate.service';
import { SecondFactorService } from './second-factor.service';
import { SecondFactorsRepository } from './second-factors.repository';
import { TokenService } from './token.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Needs HUB_CONFIG and REDIS from a global module of the app that imports it. */
@Module({
  imports: [AuditModule],
  providers: [
    AuthService,
    LoginThrottleService,
    OidcService,
    OrganisationsRepository,
    OrganisationsService,
    PasswordService,
    RefreshTokensRepository,
    SecondFactorGate,
    SecondFactorService,
    SecondFactorsRepository,
    TokenService,
    UsersRepository,
    UsersService,
  ],
  exports: [AuthService, OidcService, OrganisationsService, PasswordService, SecondFactorService, UsersService],
})
export class AccessModule {}
