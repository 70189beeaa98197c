import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { DETAIL_CATEGORIES, GEZAG_TYPES, LEGAL_BASES, REASON_CODES } from '@vt/lookups-protocol';

export class KnownByContactDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ required: false })
  phone?: string;

  @ApiProperty({ required: false })
  email?: string;
}

/** A source being asked, named before it answers. */
export class KnownBySourceDto {
  @ApiProperty()
  sourceHolderId!: string;

  @ApiProperty()
  organisationId!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ description: 'whether a detail request can follow a hit there' })
  detailRequests!: boolean;
}

export class KnownByResultDto extends PickType(KnownBySourceDto, [
  'sourceHolderId',
  'organisationId',
  'organisationName',
] as const) {
  @ApiProperty({ enum: ['unavailable', 'known', 'not_known', 'undetermined', 'timeout', 'refused'] })
  status!: 'unavailable' | 'known' | 'not_known' | 'undetermined' | 'timeout' | 'refused';

  @ApiProperty({ type: () => KnownByContactDto, required: false })
  contact?: KnownByContactDto;

  @ApiProperty()
  latencyMs!: number;
}

export class KnownByResultsDto {
  @ApiProperty({ type: [KnownByResultDto] })
  results!: KnownByResultDto[];
}

export class KnownBySourcesLineDto {
  @ApiProperty({ enum: ['sources'] })
  type!: 'sources';

  @ApiProperty({ type: [KnownBySourceDto] })
  sources!: KnownBySourceDto[];
}

export class KnownByResultLineDto extends KnownByResultDto {
  @ApiProperty({ enum: ['result'] })
  type!: 'result';
}

export class KnownByDoneLineDto {
  @ApiProperty({ enum: ['done'] })
  type!: 'done';
}

export class KnownByErrorLineDto {
  @ApiProperty({ enum: ['error'] })
  type!: 'error';

  @ApiProperty({ description: 'the error code, as in a problem body' })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ description: 'the request id, for the operators' })
  requestId!: string;
}

/**
 * The lines of a known-by lookup's NDJSON answer, by their `type`: first the sources asked, then a
 * result per source as it comes in, then `done`, or `error` when the lookup broke off after the
 * answer had begun.
 */
export const KNOWN_BY_LINES = {
  sources: KnownBySourcesLineDto,
  result: KnownByResultLineDto,
  done: KnownByDoneLineDto,
  error: KnownByErrorLineDto,
} as const;

export class CustodyHolderDto {
  @ApiProperty({ enum: ['ouder', 'derde'] })
  kind!: 'ouder' | 'derde';

  @ApiProperty()
  name!: string;

  @ApiProperty({ required: false })
  bsnLast4?: string;
}

export class CustodyFindingDto {
  @ApiProperty({ enum: GEZAG_TYPES })
  type!: (typeof GEZAG_TYPES)[number];

  @ApiProperty({ type: [CustodyHolderDto] })
  holders!: CustodyHolderDto[];

  @ApiProperty()
  underInvestigation!: boolean;

  @ApiProperty({ required: false })
  explanation?: string;
}

export class CustodyLookupDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: () => CustodyFindingDto, required: false })
  custody?: CustodyFindingDto;
}

export class DetailRequestCreatedDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ['pending', 'failed', 'refused', 'granted'] })
  status!: 'pending' | 'failed' | 'refused' | 'granted';
}

export class DetailRequestViewDto {
  @ApiProperty({ required: false })
  answerDeleted?: boolean;

  @ApiProperty({ type: String, nullable: true, required: false })
  failure?: string | null;

  @ApiProperty({ required: false })
  refusalReason?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  data?: Record<string, unknown>;

  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ['pending', 'failed', 'refused', 'granted'] })
  status!: 'pending' | 'failed' | 'refused' | 'granted';

  @ApiProperty()
  organisationId!: string;

  @ApiProperty({ enum: REASON_CODES })
  reasonCode!: (typeof REASON_CODES)[number];

  @ApiProperty({ enum: LEGAL_BASES })
  legalBasis!: (typeof LEGAL_BASES)[number];

  @ApiProperty({ enum: DETAIL_CATEGORIES, isArray: true })
  questions!: (typeof DETAIL_CATEGORIES)[number][];

  @ApiProperty({ type: Date })
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true })
  decidedAt!: Date | null;
}
