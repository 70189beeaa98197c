import { Foundation1763850000000 } from './1763850000000-Foundation';

/** Every hub migration in order; listed explicitly so tests and the compiled build load the same set. */
export const HUB_MIGRATIONS = [Foundation1763850000000];
