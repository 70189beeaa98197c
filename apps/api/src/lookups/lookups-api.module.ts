import { Module } from '@nestjs/common';
import { LookupsModule } from '@vt/lookups';
import { SourceHoldersController } from '../source-holders/source-holders.controller';
import { LookupsController } from './lookups.controller';

/** The HTTP edge of lookups: the case's lookups and the registry of source holders. */
@Module({
  imports: [LookupsModule],
  controllers: [LookupsController, SourceHoldersController],
})
export class LookupsApiModule {}
