/** Injection token of the validated SourceHolderConfig. */
export const SOURCE_HOLDER_CONFIG = Symbol('SOURCE_HOLDER_CONFIG');
