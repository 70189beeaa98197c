import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vt/audit';
import { AuthService } from './auth.service';
import { IdentityProvider } from './identity-provider.entity';
import { LoginThrottleService } from './login-throttle.service';
import { OidcService } from './oidc.service';
import { Organisation } from './organisation.entity';
import { OrganisationsService } from './organisations.service';
import { Passkey } from './passkey.entity';
import { PasswordService } from './password.service';
import { RecoveryCode } from './recovery-code.entity';
import { RefreshToken } from './refresh-token.entity';
import { SecondFactorGate } from './second-factor-gate.service';
import { SecondFactorService } from './second-factor.service';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { UserTotp } from './user-totp.entity';

/** Needs HUB_CONFIG and REDIS from a global module of the app that imports it. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Organisation, User, RefreshToken, IdentityProvider, UserTotp, Passkey, RecoveryCode]),
    AuditModule,
  ],
  providers: [
    AuthService,
    LoginThrottleService,
    OidcService,
    OrganisationsService,
    PasswordService,
    SecondFactorGate,
    SecondFactorService,
    TokenService,
    UsersService,
  ],
  exports: [AuthService, OidcService, OrganisationsService, PasswordService, SecondFactorService, UsersService],
})
export class AccessModule {}
