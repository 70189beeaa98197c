import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api-types';

/** How often the count is asked again while the app is open; marking one read updates it at once. */
const REFRESH_MS = 60_000;

/** The number of unread notifications beside the menu item, read out as "3 ongelezen". */
export function UnreadBadge() {
  const unread = useQuery({
    // Under ['notifications'], so marking a notification read refreshes the count too.
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => api<components['schemas']['UnreadCountDto']>('GET', '/notifications/unread-count'),
    refetchInterval: REFRESH_MS,
  });
  const count = unread.data?.count ?? 0;
  if (count === 0) return null;
  return (
    <span className="vt-badge">
      {count > 99 ? '99+' : count}
      <span className="vt-visually-hidden"> ongelezen</span>
    </span>
  );
}
