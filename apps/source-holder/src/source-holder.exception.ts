import { DomainException, FieldError } from '@vt/common';

export type SourceHolderErrorCode =
  | 'source_holder.unauthenticated'
  | 'source_holder.not_found'
  | 'source_holder.not_pending'
  | 'source_holder.register_unavailable'
  | 'source_holder.checkpoint_conflict';

/** The source holder's one exception class; `SOURCE_HOLDER_ERROR_STATUS` maps its codes to HTTP. */
export class SourceHolderException extends DomainException<SourceHolderErrorCode> {
  /** One answer for every credential problem; the reason is logged, not told. */
  static unauthenticated(): SourceHolderException {
    return new SourceHolderException('source_holder.unauthenticated', 'Niet geauthenticeerd / not authenticated');
  }

  static notFound(): SourceHolderException {
    return new SourceHolderException('source_holder.not_found', 'Niet gevonden / not found');
  }

  static notPending(status: string): SourceHolderException {
    return new SourceHolderException(
      'source_holder.not_pending',
      `Over dit verzoek is al besloten (${status}) / this request has already been decided`,
    );
  }

  /** The witness holds a checkpoint of this chain that the posted one contradicts. */
  static checkpointConflict(detail: FieldError): SourceHolderException {
    return new SourceHolderException(
      'source_holder.checkpoint_conflict',
      'Checkpoint in strijd met een vastgelegd checkpoint van deze keten / checkpoint contradicts one held for this chain',
      [detail],
    );
  }

  static registerUnavailable(): SourceHolderException {
    return new SourceHolderException(
      'source_holder.register_unavailable',
      'Register tijdelijk niet beschikbaar / register temporarily unavailable',
    );
  }
}
