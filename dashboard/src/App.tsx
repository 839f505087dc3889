// The page: sign-in when the collector asks for it, then the header (screens, range, refresh,
// who is signed in), filters, and the current screen. Everything the view depends on is in the
// URL; one clock drives every widget's refresh.
import { useEffect, type ReactNode } from 'react';
import { AuthGate } from './auth/AuthGate';
import { FilterBar } from './components/FilterBar';
import { Header } from './Header';
import { useScope } from './hooks/useScope';
import { LimitsBanner } from './widgets/limits/LimitsBanner';
import { RefreshProvider, useClock } from './state/refresh';
import { SCREENS, usesRangeAndFilters, type Screen, type UrlState } from './state/urlState';
import { useUrlState } from './state/useUrlState';
import { BudgetsScreen } from './screens/budgets/BudgetsScreen';
import { ChargebackScreen } from './screens/finance/ChargebackScreen';
import { CacheRoiScreen } from './screens/finance/CacheRoiScreen';
import { CallsScreen } from './screens/CallsScreen';
import { OverviewScreen } from './screens/OverviewScreen';
import { ReliabilityScreen } from './screens/ReliabilityScreen';
import { RoutingScreen } from './screens/RoutingScreen';
import { SpendScreen } from './screens/SpendScreen';

type ScreenProps = { url: UrlState; update: (c: Partial<UrlState>) => void };

function screenFor(screen: Screen, props: ScreenProps): ReactNode {
  switch (screen) {
    case 'overview':
      return <OverviewScreen {...props} />;
    case 'spend':
      return <SpendScreen {...props} />;
    case 'reliability':
      return <ReliabilityScreen {...props} />;
    case 'routing':
      return <RoutingScreen {...props} />;
    case 'calls':
      return <CallsScreen {...props} />;
    case 'budgets':
      return <BudgetsScreen />;
    case 'chargeback':
      return <ChargebackScreen />;
    case 'savings':
      return <CacheRoiScreen {...props} />;
    default: {
      const never: never = screen;
      return never;
    }
  }
}

/** 1–8 switch screens, r refreshes; not while typing in a field. */
function useShortcuts(update: ScreenProps['update']) {
  const { refresh } = useClock();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      const index = Number(e.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < SCREENS.length) update({ screen: SCREENS[index]!, call: '' });
      else if (e.key === 'r') refresh();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update, refresh]);
}

function Page({ url, update }: ScreenProps) {
  useShortcuts(update);
  const { scope } = useScope(url);
  return (
    <>
      <Header state={url} update={update} />
      <LimitsBanner />
      {usesRangeAndFilters(url.screen) && <FilterBar state={url} update={update} scope={scope} />}
      <main id="main" tabIndex={-1} data-screen={url.screen}>
        {screenFor(url.screen, { url, update })}
      </main>
    </>
  );
}

function Dashboard() {
  const [url, update] = useUrlState();
  return (
    <RefreshProvider every={url.refresh}>
      {/* A button, not an anchor: the hash holds the view. */}
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <Page url={url} update={update} />
    </RefreshProvider>
  );
}

export function App() {
  return (
    <AuthGate>
      <Dashboard />
    </AuthGate>
  );
}
