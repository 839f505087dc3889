// The call list, virtualized: only the rows in view are in the DOM, and their pages are fetched
// as they come into view, so 100,000 calls scroll as smoothly as 100. Keyboard: arrows, Page
// Up/Down, Home/End move; Enter opens the call.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatCount, formatMs, formatTime, formatUsd } from '../../format';
import type { CallListRow } from '../../api/types';

const ROW_HEIGHT = 34;
export const CALL_COLUMNS = ['Time (UTC)', 'Service', 'Team', 'Model', 'Status', 'Cost', 'Tokens', 'Latency'] as const;

const tokens = (r: CallListRow) => r.inputTokens + r.outputTokens + r.cacheReadTokens + r.cacheWriteTokens;
const statusText = (r: CallListRow) => (r.statusCode && r.statusCode !== 200 ? `${r.statusCode}` : r.errorType ? 'error' : 'ok');

function Cells({ row }: { row: CallListRow }) {
  const bad = row.statusCode >= 400 || row.errorType !== '';
  return (
    <>
      <span role="gridcell">{formatTime(row.startTime)}</span>
      <span role="gridcell">{row.service}</span>
      <span role="gridcell">{row.team || '—'}</span>
      <span role="gridcell">{row.model}</span>
      <span role="gridcell" className={bad ? 'bad' : undefined}>
        {statusText(row)}
        {row.retryCount > 0 ? ` ↻${row.retryCount}` : ''}
      </span>
      <span role="gridcell" className="num">
        {row.costUsd === null ? <span className="badge bad">unpriced</span> : formatUsd(row.costUsd)}
      </span>
      <span role="gridcell" className="num">
        {formatCount(tokens(row))}
      </span>
      <span role="gridcell" className="num">
        {formatMs(row.durationMs)}
      </span>
    </>
  );
}

export function CallsList({
  total,
  rowAt,
  ensure,
  onOpen,
  openKey,
}: {
  total: number;
  rowAt: (i: number) => CallListRow | undefined;
  ensure: (first: number, last: number) => void;
  onOpen: (row: CallListRow) => void;
  openKey?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // Pages load once scrolling pauses: a fling across 100,000 rows asks for the page it lands on,
  // not for every page it passed.
  useEffect(() => {
    if (total === 0) return;
    const timer = setTimeout(() => ensure(first, last), 120);
    return () => clearTimeout(timer);
  }, [first, last, total, ensure]);

  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const row = rowAt(active);
        if (row) onOpen(row);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <div className="calls-grid" role="grid" aria-rowcount={total + 1} aria-label="Calls" aria-activedescendant={total > 0 ? `call-row-${active}` : undefined}>
      <div className="calls-row calls-head" role="row" aria-rowindex={1}>
        {CALL_COLUMNS.map((c) => (
          <span key={c} role="columnheader" className={['Cost', 'Tokens', 'Latency'].includes(c) ? 'num' : undefined}>
            {c}
          </span>
        ))}
      </div>
      <div ref={scroller} className="calls-scroll" tabIndex={0} onKeyDown={onKey} data-testid="calls-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            const key = row ? `${row.traceId}/${row.spanId}` : undefined;
            return (
              <div
                key={item.key}
                id={`call-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                className={`calls-row${item.index === active ? ' active' : ''}${key && key === openKey ? ' open' : ''}${row ? '' : ' placeholder'}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setActive(item.index);
                  if (row) onOpen(row);
                }}
                data-testid={row ? 'call-row' : 'call-row-loading'}
              >
                {row ? <Cells row={row} /> : <span role="gridcell">Loading…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
