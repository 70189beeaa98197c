import { DomainException, FieldError } from '@vt/common';

export type MeetingsErrorCode =
  'meetings.not_found' | 'meetings.forbidden' | 'meetings.invalid' | 'meetings.closed' | 'meetings.conflict';

export class MeetingsException extends DomainException<MeetingsErrorCode> {
  /** One answer for "does not exist" and "not a participant", so existence does not leak. */
  static notFound(details: FieldError[] = []): MeetingsException {
    return new MeetingsException('meetings.not_found', 'Niet gevonden / not found', details);
  }

  static forbidden(): MeetingsException {
    return new MeetingsException('meetings.forbidden', 'Alleen de voorzitter / chair only');
  }

  static invalid(details: FieldError[]): MeetingsException {
    return new MeetingsException('meetings.invalid', 'Ongeldige invoer / invalid input', details);
  }

  static closed(): MeetingsException {
    return new MeetingsException('meetings.closed', 'Het overleg is gesloten / the meeting is closed', [
      { field: 'status', message: 'closed' },
    ]);
  }

  static conflict(message: string, details: FieldError[] = []): MeetingsException {
    return new MeetingsException('meetings.conflict', message, details);
  }
}

export const MEETINGS_ERROR_STATUS: Record<MeetingsErrorCode, number> = {
  'meetings.not_found': 404,
  'meetings.forbidden': 403,
  'meetings.invalid': 400,
  'meetings.closed': 409,
  'meetings.conflict': 409,
};
