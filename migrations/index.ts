import { Foundation1763850000000 } from './1763850000000-Foundation';
import { WorkingDayCalendar1795700000000 } from './1795700000000-WorkingDayCalendar';
import { CaseWork1795700100000 } from './1795700100000-CaseWork';
import { DeadlineTimers1795700200000 } from './1795700200000-DeadlineTimers';
import { InvestigationAndOrders1795700300000 } from './1795700300000-InvestigationAndOrders';
import { DeadlineDashboard1795700400000 } from './1795700400000-DeadlineDashboard';
import { NotificationEmail1795700500000 } from './1795700500000-NotificationEmail';
import { DashboardFigures1795700600000 } from './1795700600000-DashboardFigures';
import { Lookups1795700700000 } from './1795700700000-Lookups';
import { Meetings1795700800000 } from './1795700800000-Meetings';
import { AppRole1795700850000 } from './1795700850000-AppRole';
import { AuditCheckpoints1795700900000 } from './1795700900000-AuditCheckpoints';
import { OidcSignIn1795701150000 } from './1795701150000-OidcSignIn';
import { EmailPerOrganisation1795701250000 } from './1795701250000-EmailPerOrganisation';
import { SecondFactor1795701300000 } from './1795701300000-SecondFactor';
import { Approvals1795701400000 } from './1795701400000-Approvals';
import { RiskAssessments1795701500000 } from './1795701500000-RiskAssessments';
import { ChildChecks1795701600000 } from './1795701600000-ChildChecks';
import { SearchAndPreferences1795701700000 } from './1795701700000-SearchAndPreferences';
import { ProtectiveMeasures1795701900000 } from './1795701900000-ProtectiveMeasures';
import { FeedbackFollowUpFigures1795702000000 } from './1795702000000-FeedbackFollowUpFigures';
import { TimelineActorRole1795702100000 } from './1795702100000-TimelineActorRole';
import { RegionRadar1795702200000 } from './1795702200000-RegionRadar';
import { MeetingMinutesSnapshot1795702300000 } from './1795702300000-MeetingMinutesSnapshot';
import { SearchName1795702500000 } from './1795702500000-SearchName';
import { FiguresInOnePass1795702600000 } from './1795702600000-FiguresInOnePass';
import { FeedbackMailRetry1795702700000 } from './1795702700000-FeedbackMailRetry';
import { SearchNameNearest1795702800000 } from './1795702800000-SearchNameNearest';
import { DeadlineTermsView1795702900000 } from './1795702900000-DeadlineTermsView';
import { SessionSecondFactorAt1795703000000 } from './1795703000000-SessionSecondFactorAt';

/** Every hub migration in order; listed explicitly so tests and the compiled build load the same set. */
export const HUB_MIGRATIONS = [
  Foundation1763850000000,
  WorkingDayCalendar1795700000000,
  CaseWork1795700100000,
  DeadlineTimers1795700200000,
  InvestigationAndOrders1795700300000,
  DeadlineDashboard1795700400000,
  NotificationEmail1795700500000,
  DashboardFigures1795700600000,
  Lookups1795700700000,
  Meetings1795700800000,
  AppRole1795700850000,
  AuditCheckpoints1795700900000,
  OidcSignIn1795701150000,
  EmailPerOrganisation1795701250000,
  SecondFactor1795701300000,
  Approvals1795701400000,
  RiskAssessments1795701500000,
  ChildChecks1795701600000,
  SearchAndPreferences1795701700000,
  ProtectiveMeasures1795701900000,
  FeedbackFollowUpFigures1795702000000,
  TimelineActorRole1795702100000,
  RegionRadar1795702200000,
  MeetingMinutesSnapshot1795702300000,
  SearchName1795702500000,
  FiguresInOnePass1795702600000,
  FeedbackMailRetry1795702700000,
  SearchNameNearest1795702800000,
  DeadlineTermsView1795702900000,
  SessionSecondFactorAt1795703000000,
];
