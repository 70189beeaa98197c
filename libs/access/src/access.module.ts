import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@vt/audit';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { Organisation } from './organisation.entity';
import { OrganisationsService } from './organisations.service';
import { PasswordService } from './password.service';
import { RefreshToken } from './refresh-token.entity';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Needs HUB_CONFIG and REDIS from a global module of the app that imports it. */
@Module({
  imports: [TypeOrmModule.forFeature([Organisation, User, RefreshToken]), AuditModule],
  providers: [AuthService, LoginThrottleService, OrganisationsService, PasswordService, TokenService, UsersService],
  exports: [AuthService, OrganisationsService, PasswordService, UsersService],
})
export class AccessModule {}
