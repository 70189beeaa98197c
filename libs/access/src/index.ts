export * from './ability.factory';
export * from './access.exception';
export * from './access.module';
export * from './accessible-by';
export * from './auth.service';
export * from './case-reach';
export * from './identity-provider.entity';
export * from './oidc.service';
export * from './organisation.entity';
export * from './organisation-directory.module';
export * from './organisation-directory.service';
export * from './organisations.service';
export * from './password.service';
export * from './passkey.entity';
export * from './recovery-code.entity';
export * from './refresh-token.entity';
export * from './roles';
export * from './second-factor-gate.service';
export * from './second-factor.service';
export * from './user.entity';
export * from './users.service';
// The read models the users service answers with.
export type {
  ContactCard,
  MailAddress,
  RecipientTarget,
  RoleHolder,
  RoleHolderName,
  RoleHolderQuery,
  Unreachable,
  UnreachableUser,
} from './users.repository';
export * from './user-totp.entity';

import { IdentityProvider } from './identity-provider.entity';
import { Organisation } from './organisation.entity';
import { Passkey } from './passkey.entity';
import { RecoveryCode } from './recovery-code.entity';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';
import { UserTotp } from './user-totp.entity';
export const ACCESS_ENTITIES = [Organisation, User, RefreshToken, IdentityProvider, UserTotp, Passkey, RecoveryCode];
