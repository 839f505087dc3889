// One call: what it cost, how it went (attempts on a timeline) and every stored attribute.
import { useEffect, useRef } from 'react';
import { LoadState } from '../../components/States';
import { formatCount, formatMs, formatTime, formatUsd } from '../../format';
import type { CallDetail } from '../../api/types';
import { AttemptsTimeline } from './AttemptsTimeline';
import { useCallDetail } from './useCallDetail';

function Facts({ call }: { call: CallDetail }) {
  const facts: [string, string][] = [
    ['Time (UTC)', formatTime(call.startTime)],
    ['Service', call.service],
    ['Team / project / feature', [call.team, call.project, call.feature].map((v) => v || '—').join(' / ')],
    ['User', call.user || '—'],
    ['Model', call.requestModel !== call.model && call.requestModel ? `${call.model} (asked ${call.requestModel})` : call.model],
    [
      'Route',
      call.route
        ? `${call.route}${call.routeReason ? ` (${call.routeReason})` : ''}${call.routeFallbackFrom ? `, fell back from ${call.routeFallbackFrom}` : ''}`
        : '—',
    ],
    ['Status', call.statusCode ? `HTTP ${call.statusCode}${call.errorType ? ` ${call.errorType}` : ''}` : call.errorType || '—'],
    ['Cost', call.costUsd === null ? 'unpriced' : formatUsd(call.costUsd)],
    [
      'Tokens',
      `${formatCount(call.inputTokens)} in, ${formatCount(call.cacheReadTokens)} cache read, ${formatCount(call.cacheWriteTokens)} cache write, ${formatCount(call.outputTokens)} out`,
    ],
    ['Latency', `${formatMs(call.durationMs)}${call.ttftMs !== null ? `, first token ${formatMs(call.ttftMs)}` : ''}`],
    ['Request id', call.requestId || '—'],
    ['Trace / span', `${call.traceId} / ${call.spanId}`],
    ['Session', call.sessionId || '—'],
  ];
  return (
    <dl className="facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Attributes({ title, values }: { title: string; values: Record<string, string> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <details>
      <summary>{title}</summary>
      <table className="attributes">
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function CallDetailPanel({ callRef, onClose }: { callRef: string; onClose: () => void }) {
  const detail = useCallDetail(callRef);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [callRef]);
  return (
    <aside className="detail" aria-label="Call detail" data-testid="call-detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="panel-head">
        <h2>Call</h2>
        <button ref={closeRef} type="button" onClick={onClose} aria-label="Close call detail (Escape)">
          ×
        </button>
      </header>
      <LoadState state={detail} what="the call">
        {({ call, attempts }) => (
          <>
            <Facts call={call} />
            <h3>Attempts ({attempts.length})</h3>
            <AttemptsTimeline attempts={attempts} callStart={call.startTime} callDurationMs={call.durationMs} />
            <Attributes title="Rate-limit headers" values={call.rateLimits} />
            <Attributes
              title="Call attributes"
              values={{
                instrumentation: call.instrumentation,
                scope: call.scopeName,
                provider: call.provider,
                operation: call.operation,
                response_model: call.responseModel,
                service_tier: call.serviceTier,
                stream: String(call.stream),
                stop_reason: call.stopReason,
                batch: String(call.batch),
                data_residency: String(call.dataResidency),
                speed: call.speed,
                tenant: call.tenant,
                environment: call.environment,
                cache_write_5m_tokens: String(call.cacheWrite5mTokens),
                cache_write_1h_tokens: String(call.cacheWrite1hTokens),
                retries: String(call.retryCount),
              }}
            />
            <Attributes title="Resource attributes" values={call.resourceAttributes} />
          </>
        )}
      </LoadState>
    </aside>
  );
}
