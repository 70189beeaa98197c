import { Paragraph } from '@utrecht/component-library-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Dashboard } from '../api-models';
import { AppLink, ScreenTitle } from '../ui';
import { CaseTable } from './WorkQueueScreen';

/**
 * One worker's cases as regisseur, the most urgent first: where a row of the dashboard's caseload
 * leads. The name comes from the dashboard (already loaded when coming from there), not the address.
 */
export function WorkerCasesScreen({ userId }: { userId: string }) {
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api<Dashboard>('GET', '/dashboard') });
  const name = dashboard.data?.caseload.find((worker) => worker.userId === userId)?.name ?? 'medewerker';
  const heading = `Casussen van ${name}`;
  return (
    <div className="vt-stack">
      <ScreenTitle title={heading}>{heading}</ScreenTitle>
      <Paragraph>
        <AppLink to="/dashboard">Terug naar het dashboard</AppLink>
      </Paragraph>
      <CaseTable title={`Casussen met ${name} als regisseur, de meest dringende eerst`} regisseur={userId} filter="" />
    </div>
  );
}
