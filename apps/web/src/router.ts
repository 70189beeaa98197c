import { useSyncExternalStore } from 'react';

/** A few paths need no router library: the History API and one subscription. */
const listeners = new Set<() => void>();

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  listeners.forEach((notify) => notify());
}

addEventListener('popstate', () => listeners.forEach((notify) => notify()));

export function usePath(): string {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => location.pathname,
  );
}
