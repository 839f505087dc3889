import { useEffect, useRef, useState } from 'react';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { formatCount } from '../format';
import { useScope } from '../hooks/useScope';
import type { CallSort } from '../api/types';
import type { UrlState } from '../state/urlState';
import { CallDetailPanel } from '../widgets/calls/CallDetailPanel';
import { CallsList } from '../widgets/calls/CallsList';
import { callRef, parseCallRef } from '../widgets/calls/useCallDetail';
import { useCallsPages } from '../widgets/calls/useCallsPages';

const SORTS: { value: CallSort; label: string }[] = [
  { value: 'time', label: 'Time' },
  { value: 'cost', label: 'Cost' },
  { value: 'tokens', label: 'Tokens' },
  { value: 'latency', label: 'Latency' },
];

export function CallsScreen({ url, update }: { url: UrlState; update: (c: Partial<UrlState>) => void }) {
  const { scope } = useScope(url);
  const pages = useCallsPages(scope, { q: url.q, sort: url.sort, order: url.order });
  const [search, setSearch] = useState(url.q);
  const searchBox = useRef<HTMLInputElement>(null);
  // Typing updates the URL (and the query) once the user pauses.
  useEffect(() => {
    if (search === url.q) return;
    const timer = setTimeout(() => update({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, url.q, update]);
  useEffect(() => {
    const onSlash = (e: KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement)) {
        e.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onSlash);
    return () => window.removeEventListener('keydown', onSlash);
  }, []);
  const open = parseCallRef(url.call);

  let body;
  if (pages.error && !pages.fresh) body = <ErrorState what="calls" error={pages.error} retry={pages.retry} />;
  else if (pages.total === undefined) body = <Loading label="calls" height={320} />;
  else if (pages.total === 0 && pages.fresh)
    body = url.q ? (
      <p className="muted panel">No calls match “{url.q}”.</p>
    ) : (
      <EmptyState filtered={Object.keys(url.filters).length > 0} onClearFilters={() => update({ filters: {} })} />
    );
  else
    body = (
      <CallsList
        total={pages.total}
        rowAt={pages.rowAt}
        ensure={pages.ensure}
        onOpen={(row) => update({ call: callRef(row) })}
        openKey={open ? `${open.traceId}/${open.spanId}` : undefined}
      />
    );

  return (
    <div className={`calls-layout${open ? ' with-detail' : ''}`}>
      <section className="panel calls-panel" aria-label="Calls list">
        <div className="toolbar">
          <input
            ref={searchBox}
            type="search"
            placeholder="Search ids, service, team, model, user… ( / )"
            aria-label="Search calls"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            data-testid="calls-search"
          />
          <label>
            Sort{' '}
            <select value={url.sort} onChange={(e) => update({ sort: e.target.value as CallSort })}>
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => update({ order: url.order === 'desc' ? 'asc' : 'desc' })}
            aria-label={`Order: ${url.order === 'desc' ? 'descending' : 'ascending'}`}
          >
            {url.order === 'desc' ? '↓ desc' : '↑ asc'}
          </button>
          <span className="muted" data-testid="calls-total">
            {pages.total === undefined ? '' : `${formatCount(pages.total)} calls`}
          </span>
        </div>
        {body}
      </section>
      {open && <CallDetailPanel callRef={url.call} onClose={() => update({ call: '' })} />}
    </div>
  );
}
