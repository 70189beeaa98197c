import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CaseIdParams, ID } from './cases.dto';

/** Blank text is no reason. */
const NOT_BLANK = [/\S/, { message: 'verplicht / required' }] as const;

export class SuspendInvestigationDto {
  @ApiProperty({ example: 'Wacht op informatie van de huisarts' })
  @IsString()
  @Matches(...NOT_BLANK)
  @MaxLength(2000)
  reason!: string;
}

export class SuspensionParams extends CaseIdParams {
  @IsUUID('all', ID)
  sid!: string;
}

export class ExtendInvestigationDto {
  @ApiProperty({ minimum: 1, maximum: 52, description: 'at most INVESTIGATION_MAX_EXTENSION_WEEKS in total' })
  @IsInt({ message: 'moet een geheel aantal weken zijn / must be a whole number of weeks' })
  @Min(1, { message: 'minstens 1 week / at least 1 week' })
  @Max(52, { message: 'ten hoogste 52 weken / at most 52 weeks' })
  weeks!: number;

  @ApiProperty()
  @IsString()
  @Matches(...NOT_BLANK)
  @MaxLength(2000)
  reason!: string;
}
