// The signed-in user for everything below the gate: the header shows it, screens ask whether
// the user may change things.
import { createContext, useContext } from 'react';
import { OPEN_SESSION, type Session } from './session';

export interface SessionValue {
  session: Session;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue>({ session: OPEN_SESSION, signOut: () => {} });

export const SessionProvider = SessionContext.Provider;
export const useSession = () => useContext(SessionContext);
