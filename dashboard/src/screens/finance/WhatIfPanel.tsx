// What-if repricing for the view's range and filters: the same calls on another model, through
// the Batch API, with every cache write at one TTL, or under an uploaded price file (the
// BURNRATE_PRICING_FILE format, over the default prices), beside today's prices.
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiFailure, sendJson } from '../../api/client';
import type { ViewScope } from '../../api/requests';
import { Panel } from '../../components/Panel';
import { LoadState } from '../../components/States';
import { formatCount, formatUsd } from '../../format';
import { useApi, type Loadable } from '../../hooks/useApi';
import type { WhatIfResponse } from '../../api/financeTypes';
import { deltaText, whatIfUrl } from './whatIfView';

const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-6'];

interface PriceFile {
  name: string;
  json: unknown;
}

/** The what-if with the uploaded price file: POSTed again whenever the view or the file changes. */
function usePriceFileWhatIf(url: string, file: PriceFile | null): Loadable<WhatIfResponse> | null {
  const [state, setState] = useState<Loadable<WhatIfResponse>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!file) return;
    let current = true;
    setState({ status: 'loading' });
    sendJson<WhatIfResponse>('POST', url, file.json).then(
      (data) => current && setState({ status: 'ready', data, updating: false }),
      (error: unknown) =>
        current &&
        setState({
          status: 'error',
          error: error instanceof ApiFailure ? error : new ApiFailure(url, 0, String(error)),
          retry: () => setAttempt((n) => n + 1),
        }),
    );
    return () => {
      current = false;
    };
  }, [url, file, attempt]);
  return file ? state : null;
}

function WhatIfTable({ d }: { d: WhatIfResponse }) {
  return (
    <div className="table-wrap">
      <table data-testid="what-if-table">
        <thead>
          <tr>
            <th scope="col">Scenario</th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Difference
            </th>
            <th scope="col" className="num">
              Per 30 days
            </th>
            <th scope="col" className="num">
              Unpriced calls
            </th>
          </tr>
        </thead>
        <tbody>
          <tr data-testid="what-if-baseline">
            <th scope="row">Today's prices ({formatCount(d.calls)} calls)</th>
            <td className="num" data-testid="what-if-cost">
              {formatUsd(d.baselineUsd)}
            </td>
            <td />
            <td />
            <td className="num">{formatCount(d.unpricedCalls)}</td>
          </tr>
          {d.scenarios.map((s) => (
            <tr key={s.scenario} data-testid="what-if-row" data-scenario={s.scenario}>
              <th scope="row">{s.label}</th>
              <td className="num" data-testid="what-if-cost">
                {formatUsd(s.costUsd)}
              </td>
              <td className={`num${s.deltaUsd > 0 ? ' bad' : ''}`} data-testid="what-if-delta">
                {deltaText(s.deltaUsd)}
              </td>
              <td className="num" data-testid="what-if-month">
                {deltaText(s.deltaPerMonthUsd)}
              </td>
              <td className="num">{formatCount(s.unpricedCalls)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WhatIfPanel({ scope }: { scope: ViewScope }) {
  const [draft, setDraft] = useState('');
  const [model, setModel] = useState('');
  const [file, setFile] = useState<PriceFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const url = whatIfUrl(scope, model);
  const plain = useApi<WhatIfResponse>(url);
  const withFile = usePriceFileWhatIf(url, file);
  const compare = (e: FormEvent) => {
    e.preventDefault();
    setModel(draft);
  };
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const picked = e.target.files?.[0];
    e.target.value = ''; // the same file may be picked again after an edit
    if (!picked) return;
    try {
      setFile({ name: picked.name, json: JSON.parse(await picked.text()) as unknown });
      setFileError(null);
    } catch (error) {
      setFileError(`${picked.name} is not JSON: ${(error as Error).message}`);
    }
  };
  return (
    <Panel title="What-if repricing" wide testId="what-if" note="The same calls and tokens priced another way, beside what today's prices make of them.">
      <form className="toolbar" onSubmit={compare}>
        <label>
          Another model <input name="model" list="what-if-models" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="claude-haiku-4-5" />
        </label>
        <datalist id="what-if-models">
          {MODELS.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <button type="submit">Compare</button>
        <label title="A price file as BURNRATE_PRICING_FILE takes it: its rows over the default prices">
          Price file <input type="file" accept="application/json,.json" data-testid="what-if-file" onChange={(e) => void choose(e)} />
        </label>
        {file && (
          <span data-testid="what-if-file-name">
            {file.name}{' '}
            <button type="button" onClick={() => setFile(null)}>
              Clear
            </button>
          </span>
        )}
      </form>
      {fileError && (
        <p className="bad" role="alert" data-testid="what-if-file-error">
          {fileError}
        </p>
      )}
      <LoadState state={withFile ?? plain} what={file ? `the what-if with ${file.name}` : 'the what-if'}>
        {(d) => <WhatIfTable d={d} />}
      </LoadState>
    </Panel>
  );
}
