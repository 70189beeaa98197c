import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as client from './api';

interface SessionState {
  user: client.User | null;
  /** Restoring a session from the refresh cookie on first load. */
  restoring: boolean;
  /** Why the user was sent back to login, shown there. */
  notice: string | null;
  login(email: string, password: string, organisation?: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [user, setUser] = useState<client.User | null>(null);
  const [restoring, setRestoring] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    client.onSessionExpired((message) => {
      queries.clear();
      setUser(null);
      setNotice(message);
    });
    void client.refresh().then((restored) => {
      setUser(restored);
      setRestoring(false);
    });
  }, [queries]);

  const login = useCallback(async (email: string, password: string, organisation?: string) => {
    setUser(await client.login(email, password, organisation));
    setNotice(null);
  }, []);

  const logout = useCallback(async () => {
    await client.logout();
    queries.clear();
    setUser(null);
    setNotice('U bent uitgelogd.');
  }, [queries]);

  const value = useMemo(() => ({ user, restoring, notice, login, logout }), [user, restoring, notice, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const hasRole = (user: client.User | null, role: string) => user?.roles.includes(role) ?? false;

/**
 * The kind of the user's organisation (`GET /me`), asked once per session (the cache is cleared at
 * logout); undefined until answered. Only Veilig Thuis takes reports in and keeps a waiting list.
 */
export function useOrganisationKind(): string | undefined {
  const { user } = useSession();
  const { data } = useQuery({
    queryKey: ['me', user?.id],
    queryFn: () => client.api<{ organisation: { kind: string } }>('GET', '/me'),
    // Not before login: a 401 there would read as an expired session.
    enabled: !!user,
    staleTime: Infinity,
    select: (me) => me.organisation.kind,
  });
  return data;
}
