import { ApiProperty } from '@nestjs/swagger';

export class SuspensionEndedDto {
  @ApiProperty({ type: Date, nullable: true })
  investigationDueAt!: Date | null;

  @ApiProperty()
  id!: string;
}
