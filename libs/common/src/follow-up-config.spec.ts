import { EnvReader } from './config';
import { parseFollowUpIntervals, readFollowUpConfig } from './follow-up-config';

const read = (env: Record<string, string>) => {
  const r = new EnvReader({ NODE_ENV: 'test', ...env });
  return { config: readFollowUpConfig(r), problems: r.problems };
};

describe('follow-up configuration', () => {
  it('defaults to feedback within 5 working days and checks after 4 and 13 weeks', () => {
    expect(read({})).toEqual({
      config: {
        reporterFeedbackWorkingDays: 5,
        followUpIntervals: [
          { label: '4w', days: 28 },
          { label: '13w', days: 91 },
        ],
      },
      problems: [],
    });
  });

  it('reads configured values', () => {
    expect(read({ REPORTER_FEEDBACK_TERM_WORKING_DAYS: '3', FOLLOW_UP_INTERVALS: '10d, 6w' }).config).toEqual({
      reporterFeedbackWorkingDays: 3,
      followUpIntervals: [
        { label: '10d', days: 10 },
        { label: '6w', days: 42 },
      ],
    });
  });

  it.each([
    ['FOLLOW_UP_INTERVALS', '4 weken'],
    ['FOLLOW_UP_INTERVALS', '13w,4w'],
    ['FOLLOW_UP_INTERVALS', '4w,28d'],
    ['FOLLOW_UP_INTERVALS', ','],
    ['FOLLOW_UP_INTERVALS', '200w'],
    ['FOLLOW_UP_INTERVALS', '1w,2w,3w,4w,5w,6w,7w'],
    ['REPORTER_FEEDBACK_TERM_WORKING_DAYS', '0'],
    ['REPORTER_FEEDBACK_TERM_WORKING_DAYS', '21'],
  ])('refuses %s=%s at start-up', (name, value) => {
    const { problems } = read({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('parses nothing that is not a list of intervals', () => {
    expect(parseFollowUpIntervals('')).toBeNull();
    expect(parseFollowUpIntervals('0w')).toBeNull();
  });
});
