import { Module } from '@nestjs/common';
import { OrganisationDirectory } from './organisation-directory.service';
import { OrganisationDirectoryRepository } from './organisation-directory.repository';

/** The directory alone, for contexts that need organisations' names without the rest of access. */
@Module({
  providers: [OrganisationDirectoryRepository, OrganisationDirectory],
  exports: [OrganisationDirectory],
})
export class OrganisationDirectoryModule {}
