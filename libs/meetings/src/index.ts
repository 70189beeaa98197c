export * from './meeting.entity';
export * from './meetings.exception';
export * from './meetings.module';
export * from './meetings.service';
export * from './minutes-html';

import { Meeting, MeetingDecision, MeetingDecisionAction, MeetingItem, MeetingParticipant } from './meeting.entity';
export const MEETING_ENTITIES = [Meeting, MeetingParticipant, MeetingItem, MeetingDecision, MeetingDecisionAction];
