/// <reference types="jest" />
import { countdown, Deadline } from './countdown';

const open = (dueAt: string): Deadline => ({ id: 'd', kind: 'safety_assessment', dueAt, status: 'open' });
/** Monday 23 November 2026, 10:00 in Amsterdam. */
const MONDAY = new Date('2026-11-23T10:00:00+01:00');
/** Due at the end of Monday 30 November: five working days after the 23rd. */
const NEXT_MONDAY = '2026-11-30T23:59:59+01:00';
/** Wednesday 25 November 2026, as a day designated by decree. */
const DECREE = ['2026-11-25'];

describe('countdown', () => {
  it('counts the working days left over the statutory calendar alone', () => {
    expect(countdown(open(NEXT_MONDAY), [], MONDAY)).toEqual({ text: 'Nog 5 werkdagen', tone: 'ok' });
  });

  it('does not count a decree day, as the api does not', () => {
    expect(countdown(open(NEXT_MONDAY), DECREE, MONDAY)).toEqual({ text: 'Nog 4 werkdagen', tone: 'ok' });
  });

  it('ignores decree days outside the span', () => {
    expect(countdown(open(NEXT_MONDAY), ['2026-12-02', '2026-11-20'], MONDAY).text).toBe('Nog 5 werkdagen');
  });

  it('brings a deadline to its last working day across a decree day', () => {
    const thursday = '2026-11-26T23:59:59+01:00';
    const tuesday = new Date('2026-11-24T10:00:00+01:00');
    expect(countdown(open(thursday), [], tuesday)).toEqual({ text: 'Nog 2 werkdagen', tone: 'ok' });
    expect(countdown(open(thursday), DECREE, tuesday)).toEqual({ text: 'Nog 1 werkdag', tone: 'warning' });
  });

  it('counts lateness without a decree day', () => {
    const breached: Deadline = { ...open('2026-11-23T23:59:59+01:00'), status: 'breached' };
    const thursday = new Date('2026-11-26T10:00:00+01:00');
    expect(countdown(breached, [], thursday).text).toBe('Verlopen: 3 werkdagen over tijd');
    expect(countdown(breached, DECREE, thursday)).toEqual({ text: 'Verlopen: 2 werkdagen over tijd', tone: 'danger' });
  });

  it('names the hour on the due day', () => {
    expect(countdown(open('2026-11-23T17:00:00+01:00'), DECREE, MONDAY)).toEqual({
      text: 'Vandaag uiterlijk 17:00',
      tone: 'danger',
    });
  });

  it('names tomorrow, or the day, when less than a working day is left but the term ends after today', () => {
    // Acute, received on a Saturday: due Sunday at the same hour, no working day in between.
    const saturday = new Date('2026-12-05T03:24:00+01:00');
    expect(countdown(open('2026-12-06T02:57:00+01:00'), [], saturday)).toEqual({
      text: 'Morgen uiterlijk 02:57',
      tone: 'danger',
    });
    // Good Friday 2027 in the evening, due on Easter Monday morning: no working day until then.
    const friday = new Date('2027-03-26T20:00:00+01:00');
    expect(countdown(open('2027-03-29T10:00:00+02:00'), [], friday).text).toBe('Maandag 29 mrt uiterlijk 10:00');
  });

  it('keeps met and cancelled deadlines out of the count', () => {
    expect(countdown({ ...open(NEXT_MONDAY), status: 'met' }, DECREE, MONDAY).text).toBe('Gehaald');
    expect(countdown({ ...open(NEXT_MONDAY), status: 'cancelled' }, DECREE, MONDAY).text).toBe('Vervallen');
  });

  it('counts from the Amsterdam day, also in another year', () => {
    const newYearsEve = new Date('2026-12-31T10:00:00+01:00');
    // Over New Year's Day and a weekend to Tuesday 5 January, with a decree day on Monday 4 January.
    const due = '2027-01-05T23:59:59+01:00';
    expect(countdown(open(due), [], newYearsEve).text).toBe('Nog 2 werkdagen');
    expect(countdown(open(due), ['2027-01-04'], newYearsEve).text).toBe('Nog 1 werkdag');
  });
});
