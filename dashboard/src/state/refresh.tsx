// One clock for the whole page: every widget resolves its range against the same `now`, which
// moves on each auto-refresh tick (paused while the tab is hidden) or on a manual refresh.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { refreshMs } from './timeRange';
import type { RefreshChoice } from './urlState';

interface RefreshClock {
  now: Date;
  refresh: () => void;
}

const Clock = createContext<RefreshClock>({ now: new Date(), refresh: () => {} });

export function RefreshProvider({ every, children }: { every: RefreshChoice; children: ReactNode }) {
  const [now, setNow] = useState(() => new Date());
  const refresh = useCallback(() => setNow(new Date()), []);
  useEffect(() => {
    const ms = refreshMs(every);
    if (ms === null) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, ms);
    return () => clearInterval(timer);
  }, [every, refresh]);
  const value = useMemo(() => ({ now, refresh }), [now, refresh]);
  return <Clock.Provider value={value}>{children}</Clock.Provider>;
}

export const useClock = () => useContext(Clock);
