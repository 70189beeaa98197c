import { Button, Paragraph, SkipLink } from '@utrecht/component-library-react';
import { lazy, Suspense, useEffect } from 'react';
import type { User } from './api';
import { navigate, usePath } from './router';
import { HeaderSearch } from './screens/HeaderSearch';
import { LoginScreen } from './screens/LoginScreen';
import { SecondFactorScreen } from './screens/SecondFactorScreen';
import { UnreadBadge } from './screens/UnreadBadge';
import { hasRole, useOrganisationKind, useSession } from './session';
import { AppLink } from './ui';

// Loaded after login, so the login screen's JavaScript stays small.
const CaseScreen = lazy(() => import('./screens/CaseScreen').then((m) => ({ default: m.CaseScreen })));
const NewReportScreen = lazy(() => import('./screens/NewReportScreen').then((m) => ({ default: m.NewReportScreen })));
const DashboardScreen = lazy(() => import('./screens/DashboardScreen').then((m) => ({ default: m.DashboardScreen })));
const NotificationsScreen = lazy(() =>
  import('./screens/NotificationsScreen').then((m) => ({ default: m.NotificationsScreen })),
);
const AuditScreen = lazy(() => import('./screens/AuditScreen').then((m) => ({ default: m.AuditScreen })));
const MeetingsListScreen = lazy(() =>
  import('./screens/MeetingsScreen').then((m) => ({ default: m.MeetingsListScreen })),
);
const MeetingScreen = lazy(() => import('./screens/MeetingScreen').then((m) => ({ default: m.MeetingScreen })));
const NewMeetingScreen = lazy(() => import('./screens/NewMeetingForm').then((m) => ({ default: m.NewMeetingScreen })));
const SearchScreen = lazy(() => import('./screens/SearchScreen').then((m) => ({ default: m.SearchScreen })));
const AdviceRequestsScreen = lazy(() =>
  import('./screens/AdviceRequestsScreen').then((m) => ({ default: m.AdviceRequestsScreen })),
);
const DeadlinesScreen = lazy(() => import('./screens/DeadlinesScreen').then((m) => ({ default: m.DeadlinesScreen })));
const WorkQueueScreen = lazy(() => import('./screens/WorkQueueScreen').then((m) => ({ default: m.WorkQueueScreen })));
const WorkerCasesScreen = lazy(() =>
  import('./screens/WorkerCasesScreen').then((m) => ({ default: m.WorkerCasesScreen })),
);

/** Roles that work cases; a privacy officer or admin without one has no work queue. */
const CASE_ROLES = ['caseworker', 'supervisor', 'medical', 'chair'];

function Screen({ path, user }: { path: string; user: User }) {
  const caseMatch = /^\/casussen\/([0-9a-f-]{36})$/.exec(path);
  if (caseMatch) return <CaseScreen caseId={caseMatch[1]} />;
  const reportMatch = /^\/casussen\/([0-9a-f-]{36})\/melding$/.exec(path);
  if (reportMatch) return <NewReportScreen caseId={reportMatch[1]} />;
  if (path === '/meldingen/nieuw') return <NewReportScreen />;
  if (path === '/dashboard') return <DashboardScreen />;
  const workerMatch = /^\/dashboard\/medewerkers\/([0-9a-f-]{36})$/.exec(path);
  if (workerMatch) return <WorkerCasesScreen userId={workerMatch[1]} />;
  if (path === '/termijnen') return <DeadlinesScreen />;
  if (path === '/adviesvragen') return <AdviceRequestsScreen />;
  if (path === '/berichten') return <NotificationsScreen />;
  if (path === '/auditlog') return <AuditScreen />;
  if (path === '/inlogbeveiliging') return <SecondFactorScreen />;
  if (path === '/zoeken') return <SearchScreen />;
  if (path === '/overleg') return <MeetingsListScreen />;
  if (path === '/overleg/nieuw') return <NewMeetingScreen />;
  const meetingMatch = /^\/overleg\/([0-9a-f-]{36})$/.exec(path);
  if (meetingMatch) return <MeetingScreen meetingId={meetingMatch[1]} />;
  if (!CASE_ROLES.some((role) => hasRole(user, role)) && hasRole(user, 'privacy_officer')) return <AuditScreen />;
  return <WorkQueueScreen />;
}

export function App() {
  const { user, restoring, logout } = useSession();
  const kind = useOrganisationKind();
  const path = usePath();

  useEffect(() => {
    if (user && path === '/inloggen') navigate('/');
  }, [user, path]);

  if (restoring) return <Paragraph>Bezig met laden…</Paragraph>;
  if (!user) {
    return (
      <main className="vt-main" id="inhoud">
        <LoginScreen />
      </main>
    );
  }
  return (
    <>
      <SkipLink href="#inhoud">Naar de inhoud</SkipLink>
      <header className="vt-header">
        <nav aria-label="Hoofdmenu">
          <ul>
            {CASE_ROLES.some((role) => hasRole(user, role)) && (
              <li>
                <AppLink to="/">Mijn werkvoorraad</AppLink>
              </li>
            )}
            <li>
              <AppLink to="/berichten">
                Berichten <UnreadBadge />
              </AppLink>
            </li>
            {CASE_ROLES.some((role) => hasRole(user, role)) && (
              <li>
                <AppLink to="/overleg">Overleg</AppLink>
              </li>
            )}
            {hasRole(user, 'privacy_officer') && (
              <li>
                <AppLink to="/auditlog">Auditlog</AppLink>
              </li>
            )}
            {hasRole(user, 'supervisor') && (
              <li>
                <AppLink to="/dashboard">Dashboard</AppLink>
              </li>
            )}
            {hasRole(user, 'caseworker') && kind === 'veilig_thuis' && (
              <li>
                <AppLink to="/meldingen/nieuw">Nieuwe melding</AppLink>
              </li>
            )}
            {hasRole(user, 'caseworker') && kind === 'veilig_thuis' && (
              <li>
                <AppLink to="/adviesvragen">Adviesvragen</AppLink>
              </li>
            )}
          </ul>
        </nav>
        {CASE_ROLES.some((role) => hasRole(user, role)) && <HeaderSearch />}
        <div className="vt-row">
          <Paragraph>Ingelogd als {user.name}</Paragraph>
          <AppLink to="/inlogbeveiliging">Inlogbeveiliging</AppLink>
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              // After an explicit logout the next user starts at the work queue, not at this case.
              navigate('/');
              void logout();
            }}
          >
            Uitloggen
          </Button>
        </div>
      </header>
      <main className="vt-main" id="inhoud">
        <Suspense fallback={<Paragraph>Bezig met laden…</Paragraph>}>
          <Screen path={path} user={user} />
        </Suspense>
      </main>
    </>
  );
}
