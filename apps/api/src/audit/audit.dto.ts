import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type AuditAction, type AuditOutcome } from '@vt/audit';
import { addCalendarDays, isIsoDate } from '@vt/deadlines';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID, Matches, MaxLength, ValidateBy, ValidationArguments } from 'class-validator';
import { PageQuery } from '../page-query.dto';

/** As the cases table holds it (`VT-<year>-<six digits>`), per receiving organisation. */
const REFERENCE = /^VT-[0-9]{4}-[0-9]{6}$/;
const MAX_SEQ = 2n ** 63n - 1n;
/** A year, leap day included; a longer period is exported in parts. */
export const MAX_EXPORT_DAYS = 366;

/**
 * A position in a chain (a decimal bigint); for `toSeq`, also one not before `fromSeq` (judged
 * only once both are positions), so each field gets one message.
 */
function IsSeq(closing = false) {
  const isSeq = (value: unknown): value is string =>
    typeof value === 'string' && /^[0-9]{1,19}$/.test(value) && BigInt(value) <= MAX_SEQ;
  const error = ({ value, object }: ValidationArguments) => {
    if (!isSeq(value)) return 'geen geldig volgnummer / not a valid sequence number';
    const from = (object as { fromSeq?: unknown }).fromSeq;
    return closing && isSeq(from) && BigInt(value) < BigInt(from) ? 'niet vóór fromSeq / not before fromSeq' : null;
  };
  return ValidateBy({
    name: 'isSeq',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => !args || error(args) === null,
      defaultMessage: (args?: ValidationArguments) => (args && error(args)) ?? '',
    },
  });
}

/** A real day (YYYY-MM-DD); for `to`, also one closing a period from `from` of at most a year. */
function IsExportDay(closing = false) {
  const error = ({ value, object }: ValidationArguments) => {
    if (!isIsoDate(value)) return 'geen geldige datum (JJJJ-MM-DD) / not a valid date';
    const from = (object as { from?: unknown }).from;
    if (!closing || !isIsoDate(from)) return null;
    if (value < from) return 'niet vóór from / not before from';
    if (value > addCalendarDays(from, MAX_EXPORT_DAYS - 1)) {
      return `hoogstens ${MAX_EXPORT_DAYS} dagen / at most ${MAX_EXPORT_DAYS} days`;
    }
    return null;
  };
  return ValidateBy({
    name: 'isExportDay',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => !args || error(args) === null,
      defaultMessage: (args?: ValidationArguments) => (args && error(args)) ?? '',
    },
  });
}

export class AuditSearchDto extends PageQuery {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({
    required: false,
    example: 'VT-2026-000123',
    description: 'a case reference: entries about the cases carrying it that the caller may see',
  })
  @IsOptional()
  @Matches(REFERENCE, { message: 'geen geldig kenmerk (VT-JJJJ-NNNNNN) / not a valid reference' })
  reference?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsUUID()
  actorUserId?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiProperty({
    required: false,
    example: '120',
    description: "first position (included) in the caller's own organisation's chain; only entries of that chain",
  })
  @IsOptional()
  @IsSeq()
  @MaxLength(100)
  fromSeq?: string;

  @ApiProperty({
    required: false,
    example: '130',
    description: "last position (included) in the caller's own organisation's chain; only entries of that chain",
  })
  @IsOptional()
  @IsSeq(true)
  @MaxLength(100)
  toSeq?: string;
}

/** Amsterdam calendar days, both included. */
export class AuditExportQuery {
  @ApiProperty({ example: '2026-01-01' })
  @IsExportDay()
  @MaxLength(100)
  from!: string;

  @ApiProperty({ example: '2026-12-31', description: `not before from; at most ${MAX_EXPORT_DAYS} days` })
  @IsExportDay(true)
  @MaxLength(100)
  to!: string;
}

export class AuditActorDto {
  @ApiProperty({ example: 'Petra Pols' })
  name!: string;

  @ApiProperty({ example: 'Politie Midden-Nederland' })
  organisationName!: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1024', description: 'global order of writing (decimal bigint)' })
  id!: string;

  @ApiProperty({ description: "the chain: the acting organisation's id (nil uuid for anonymous events)" })
  chainId!: string;

  @ApiProperty({ example: '17', description: 'position in the chain (decimal bigint)' })
  seq!: string;

  @ApiProperty()
  occurredAt!: Date;

  @ApiProperty({ type: String, nullable: true })
  actorUserId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorOrganisationId!: string | null;

  @ApiProperty({ type: [String] })
  actorRoles!: string[];

  @ApiProperty({ type: String, nullable: true })
  onBehalfOf!: string | null;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ example: 'Case' })
  subjectType!: string;

  @ApiProperty({ type: String, nullable: true })
  subjectId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  subjectOrganisationId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  caseId!: string | null;

  @ApiProperty({ type: [String] })
  personRefs!: string[];

  @ApiProperty({ type: String, nullable: true })
  purpose!: string | null;

  @ApiProperty({ type: String, nullable: true })
  legalBasis!: string | null;

  @ApiProperty({ enum: ['success', 'failure', 'denied'] })
  outcome!: AuditOutcome;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  clientAddress!: string | null;

  @ApiProperty()
  prevHash!: string;

  @ApiProperty()
  hash!: string;

  @ApiProperty({
    type: AuditActorDto,
    nullable: true,
    description: 'who acted, by name; null for an anonymous actor or a user that no longer exists',
  })
  actor!: AuditActorDto | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items!: AuditEntryDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
