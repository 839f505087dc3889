// A call's HTTP attempts on its own time axis: when each started, how long it took, how it ended.
import { formatMs } from '../../format';
import type { AttemptDetail } from '../../api/types';

const tone = (status: number) => (status === 0 ? 'unknown' : status === 429 ? 'limited' : status === 529 ? 'overloaded' : status >= 400 ? 'failed' : 'ok');
const statusText = (a: AttemptDetail) => (a.statusCode === 0 ? 'status not reported' : `HTTP ${a.statusCode}${a.errorType ? ` ${a.errorType}` : ''}`);

export function AttemptsTimeline({ attempts, callStart, callDurationMs }: { attempts: AttemptDetail[]; callStart: string; callDurationMs: number }) {
  const t0 = new Date(callStart).getTime();
  const span = Math.max(callDurationMs, ...attempts.map((a) => new Date(a.startTime).getTime() - t0 + (a.durationMs ?? 0)), 1);
  return (
    <ol className="timeline" data-testid="attempts-timeline" aria-label="Attempts">
      {attempts.map((a) => {
        const offset = Math.max(0, new Date(a.startTime).getTime() - t0);
        const width = a.durationMs === null ? 0.8 : Math.max(0.8, (a.durationMs / span) * 100);
        return (
          <li key={a.attempt} className="timeline-row">
            <span className="timeline-label">
              #{a.attempt} <span className={`status status-${tone(a.statusCode)}`}>{statusText(a)}</span>
            </span>
            <span className="timeline-track" aria-hidden="true">
              <span
                className={`timeline-bar bar-${tone(a.statusCode)}`}
                style={{ left: `${(offset / span) * 100}%`, width: `${Math.min(width, 100 - (offset / span) * 100)}%` }}
              />
            </span>
            <span className="timeline-meta">
              +{formatMs(offset)}
              {a.durationMs !== null ? `, took ${formatMs(a.durationMs)}` : ''}
              {a.retryAfterMs !== null ? `, retry after ${formatMs(a.retryAfterMs)}` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
