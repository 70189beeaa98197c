import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import * as client from './api';
import type { components } from './api-types';

interface SessionState {
  user: client.User | null;
  /** Restoring a session from the refresh cookie on first load. */
  restoring: boolean;
  /** Why the user was sent back to login, shown there. */
  notice: string | null;
  /** The second factor's step after a right password; no session until it is passed. */
  secondFactor: client.SecondFactorStep | null;
  login(email: string, password: string, organisation?: string): Promise<void>;
  /** The second factor's step of a sign-in at the organisation's provider. */
  askSecondFactor(step: client.SecondFactorStep): void;
  /** The second factor was passed (or enrolled, in the enrolment-only state): the session is open. */
  signedIn(user: client.User): void;
  /** Back to the password, dropping the second factor's step. */
  cancelSecondFactor(): void;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [user, setUser] = useState<client.User | null>(null);
  const [restoring, setRestoring] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [secondFactor, setSecondFactor] = useState<client.SecondFactorStep | null>(null);

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
    const outcome = await client.login(email, password, organisation);
    if ('secondFactor' in outcome) setSecondFactor(outcome.secondFactor);
    else setUser(outcome);
    setNotice(null);
  }, []);

  const signedIn = useCallback((next: client.User) => {
    setSecondFactor(null);
    setUser(next);
    setNotice(null);
  }, []);

  const cancelSecondFactor = useCallback(() => setSecondFactor(null), []);
  const askSecondFactor = useCallback((step: client.SecondFactorStep) => setSecondFactor(step), []);

  const logout = useCallback(async () => {
    await client.logout();
    queries.clear();
    setUser(null);
    setNotice('U bent uitgelogd.');
  }, [queries]);

  const value = useMemo(
    () => ({ user, restoring, notice, secondFactor, login, askSecondFactor, signedIn, cancelSecondFactor, logout }),
    [user, restoring, notice, secondFactor, login, askSecondFactor, signedIn, cancelSecondFactor, logout],
  );
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
    queryFn: () => client.api<components['schemas']['MeDto']>('GET', '/me'),
    // Not before login: a 401 there would read as an expired session.
    enabled: !!user,
    staleTime: Infinity,
    select: (me) => me.organisation.kind,
  });
  return data;
}
