// The signed-in user: an API token kept in localStorage and sent as `Authorization: Bearer`.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, getToken, setToken } from '../api/client.ts';
import { useWhoAmI, type WhoAmI } from '../api/auth.ts';

interface AuthState {
  token: string | null;
  user: WhoAmI | undefined;
  signIn(token: string, user: WhoAmI): void;
  signOut(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setTokenState] = useState<string | null>(getToken);
  const client = useQueryClient();
  const whoami = useWhoAmI(token);
  const signIn = useCallback(
    (t: string, user: WhoAmI) => {
      setToken(t);
      client.setQueryData(['whoami', t], user);
      setTokenState(t);
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' });
    },
    [client],
  );
  const signOut = useCallback(() => {
    setToken(null);
    setTokenState(null);
    client.removeQueries({ queryKey: ['whoami'] });
    void client.invalidateQueries();
  }, [client]);
  // A token the server no longer accepts (revoked, or another database) would make every read
  // fail with 401: forget it, and read anonymously again.
  const rejected = whoami.error instanceof ApiError && whoami.error.status === 401;
  useEffect(() => {
    if (rejected) signOut();
  }, [rejected, signOut]);
  const value = useMemo(() => ({ token, user: whoami.data, signIn, signOut }), [token, whoami.data, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
