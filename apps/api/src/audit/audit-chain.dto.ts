import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const AUDIT_CHAINS = ['own', 'anonymous'] as const;

/** Which chain: the caller's organisation's (default), or the anonymous one (platform privacy officers). */
export class AuditChainQuery {
  @ApiProperty({ required: false, enum: AUDIT_CHAINS, default: 'own' })
  @IsOptional()
  @IsIn(AUDIT_CHAINS)
  chain?: (typeof AUDIT_CHAINS)[number];
}
