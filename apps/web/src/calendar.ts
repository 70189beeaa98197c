import { useQuery } from '@tanstack/react-query';
import { amsterdamDate, IsoDate } from '@vt/deadlines/amsterdam-time';
import { api } from './api';
import type { components } from './api-types';

const NONE: readonly IsoDate[] = [];

/**
 * The days designated by decree that the api counts terms with, last year to next year (statutory
 * holidays follow from the rules here). Asked once per session: they change only when the api
 * restarts, and the cache is cleared at logout. Empty until answered, or when it cannot be.
 */
export function useDecreeDays(): readonly IsoDate[] {
  const year = Number(amsterdamDate(new Date()).slice(0, 4));
  const { data } = useQuery({
    queryKey: ['calendar', 'non-working-days', year],
    queryFn: () =>
      api<components['schemas']['NonWorkingDaysResponse']>(
        'GET',
        `/calendar/non-working-days?from=${year - 1}-01-01&to=${year + 1}-12-31`,
      ),
    staleTime: Infinity,
    gcTime: Infinity,
    select: (answer) => answer.items.filter((day) => day.source === 'decree').map((day) => day.day),
  });
  return data ?? NONE;
}
