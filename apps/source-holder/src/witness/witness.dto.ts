import { ApiProperty } from '@nestjs/swagger';
import type { WitnessCheckpoint } from '@vt/lookups-protocol';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { KID_PATTERN } from '../hub-keys';
import { REQUIRED } from '../protocol-validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;
const ISO_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** An Ed25519 signature: 64 bytes, 86 characters of unpadded base64url. */
const ED25519_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

function IsChainId() {
  return (target: object, property: string) => {
    // The hub signs the lower-case form; the transport's case does not make another chain.
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))(
      target,
      property,
    );
    IsString(REQUIRED)(target, property);
    Matches(UUID, { message: 'een UUID / a UUID' })(target, property);
  };
}

function IsSeq() {
  return (target: object, property: string) => {
    IsString(REQUIRED)(target, property);
    ValidateBy(
      {
        name: 'isSeq',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' && /^(0|[1-9][0-9]{0,18})$/.test(value) && BigInt(value) <= MAX_BIGINT,
        },
      },
      {
        message:
          'een volgnummer: decimaal, zonder voorloopnullen, tot 2^63-1 / a sequence number: decimal, no leading zeros, up to 2^63-1',
      },
    )(target, property);
  };
}

/**
 * The signature covers these strings exactly, and the witness hands back what it stored, so each
 * field is accepted only in the one form storing reproduces: a seq without leading zeros and
 * within bigint, a UTC time with milliseconds, a signature in canonical base64url.
 */
export class WitnessCheckpointDto implements WitnessCheckpoint {
  @ApiProperty()
  @IsChainId()
  ketenId!: string;

  @ApiProperty()
  @IsSeq()
  @MaxLength(100)
  volgnummer!: string;

  @ApiProperty()
  @IsString(REQUIRED)
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'een SHA-256 in 64 kleine hexadecimale tekens / a SHA-256 in 64 lower-case hex digits',
  })
  hash!: string;

  @ApiProperty()
  @IsString(REQUIRED)
  @ValidateBy(
    {
      name: 'isIsoMilliseconds',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          ISO_MILLISECONDS.test(value) &&
          Date.parse(value) >= 0 &&
          new Date(value).toISOString() === value,
      },
    },
    {
      message:
        'een tijdstip in UTC met milliseconden (JJJJ-MM-DDTuu:mm:ss.sssZ) / a UTC time with milliseconds (YYYY-MM-DDThh:mm:ss.sssZ)',
    },
  )
  @MaxLength(100)
  ondertekendOp!: string;

  @ApiProperty()
  @IsString(REQUIRED)
  @Matches(KID_PATTERN, { message: 'een sleutel-id: 1 tot 64 tekens A-Z, a-z, 0-9, . _ - / a key id' })
  sleutelId!: string;

  @ApiProperty()
  @IsString(REQUIRED)
  @ValidateBy(
    {
      name: 'isEd25519Signature',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          ED25519_SIGNATURE.test(value) &&
          Buffer.from(value, 'base64url').toString('base64url') === value,
      },
    },
    {
      message:
        'een Ed25519-handtekening in base64url zonder opvulling (86 tekens) / an Ed25519 signature in unpadded base64url (86 characters)',
    },
  )
  @MaxLength(100)
  handtekening!: string;
}

export class ChainIdParams {
  @IsChainId()
  ketenId!: string;
}

export class CheckpointQuery {
  @IsOptional()
  @IsSeq()
  @MaxLength(100)
  volgnummer?: string;
}
