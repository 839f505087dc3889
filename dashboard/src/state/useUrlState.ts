// The URL hash as React state: reading follows back/forward; writing replaces the hash.
import { useCallback, useEffect, useState } from 'react';
import { parseHash, toHash, type UrlState } from './urlState';

export function useUrlState(): [UrlState, (change: Partial<UrlState>) => void] {
  const [state, setState] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setState(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const update = useCallback((change: Partial<UrlState>) => {
    const next = toHash({ ...parseHash(window.location.hash), ...change });
    if (next !== window.location.hash) window.location.hash = next;
  }, []);
  return [state, update];
}
