import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vt/audit';
import { AuthService } from './auth.service';
import { IdentityProvider } from './identity-provider.entity';
import { LoginThrottleService } from './login-throttle.service';
import { OidcService } from './oidc.service';
import { Organisation } from './organisation.entity';
import { OrganisationsService } from './organisations.service';
import { PasswordService } from './password.service';
import { RefreshToken } from './refresh-token.entity';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Needs HUB_CONFIG and REDIS from a global module of the app that imports it. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation, User, RefreshToken, IdentityProvider]), AuditModule],
  providers: [
    AuthService,
    LoginThrottleService,
    OidcService,
    OrganisationsService,
    PasswordService,
    TokenService,
    UsersService,
  ],
  exports: [AuthService, OidcService, OrganisationsService, PasswordService, UsersService],
})
export class AccessModule {}
