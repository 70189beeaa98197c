export * from './ability.factory';
export * from './access.exception';
export * from './access.module';
export * from './accessible-by';
export * from './auth.service';
export * from './organisation.entity';
export * from './organisations.service';
export * from './password.service';
export * from './refresh-token.entity';
export * from './roles';
export * from './user.entity';
export * from './users.service';

import { Organisation } from './organisation.entity';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';
export const ACCESS_ENTITIES = [Organisation, User, RefreshToken];
