// A loopback HTTP server that plays Anthropic's Messages API for the captures. Each request names
// its scenario in its first user message ("scenario:<name>"), so any client library works against
// it unchanged; the server answers the scenario's steps in order, one per attempt, and remembers
// what it answered: that record is the truth a capture is checked against.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCENARIOS, type Scenario, type Step } from './scenarios';

export interface Answered {
  scenario: string;
  status: number;
  requestId: string;
  messageId?: string;
}

export interface ScriptedApi {
  url: string;
  answered: Answered[];
  reset(): void;
  close(): Promise<void>;
}

const SCENARIO_MARK = /scenario:([\w-]+)/;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function scenarioOf(body: Record<string, unknown>): Scenario | undefined {
  const name = SCENARIO_MARK.exec(JSON.stringify(body.messages ?? body))?.[1];
  return name ? SCENARIOS[name] : undefined;
}

function message(id: string, step: Step, scenario: Scenario) {
  const content = scenario.tool
    ? [{ type: 'tool_use', id: `toolu_${id.slice(4)}`, name: 'get_weather', input: { city: 'Paris' } }]
    : [{ type: 'text', text: 'ok' }];
  return { id, type: 'message', role: 'assistant', model: step.responseModel, content, stop_reason: step.stopReason, stop_sequence: null, usage: step.usage };
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function stream(res: ServerResponse, id: string, step: Step, scenario: Scenario): void {
  const full = message(id, step, scenario);
  // As the API does: message_start carries the input side of usage, message_delta the output.
  sse(res, 'message_start', { type: 'message_start', message: { ...full, content: [], stop_reason: null, usage: { ...step.usage, output_tokens: 1 } } });
  sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  sse(res, 'ping', { type: 'ping' });
  sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } });
  sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: step.stopReason, stop_sequence: null },
    usage: { output_tokens: step.usage!.output_tokens },
  });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

export async function startScriptedApi(): Promise<ScriptedApi> {
  const answered: Answered[] = [];
  const attempts = new Map<string, number>();
  // Ids unique across capture runs, as the API's are: burnrate merges spans that share one.
  const run = randomBytes(4).toString('hex');
  let counter = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const scenario = scenarioOf(body);
      const requestId = `req_${run}${String(++counter).padStart(6, '0')}`;
      if (req.url?.split('?')[0] !== '/v1/messages' || !scenario) {
        res.writeHead(404, { 'content-type': 'application/json', 'request-id': requestId });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no scenario for ${req.url}` } }));
        return;
      }
      const attempt = attempts.get(scenario.name) ?? 0;
      attempts.set(scenario.name, attempt + 1);
      const step = scenario.steps[Math.min(attempt, scenario.steps.length - 1)]!;
      if (step.status !== 200) {
        answered.push({ scenario: scenario.name, status: step.status, requestId });
        // retry-after-ms keeps the SDK's back-off short; the SDK honours it.
        res.writeHead(step.status, { 'content-type': 'application/json', 'request-id': requestId, 'retry-after-ms': '5', 'retry-after': '0' });
        res.end(JSON.stringify({ type: 'error', error: { type: step.errorType, message: `scripted ${step.status}` }, request_id: requestId }));
        return;
      }
      const messageId = `msg_${run}${String(counter).padStart(6, '0')}`;
      answered.push({ scenario: scenario.name, status: 200, requestId, messageId });
      if (body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': requestId });
        stream(res, messageId, step, scenario);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
      res.end(JSON.stringify(message(messageId, step, scenario)));
    })().catch((error) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    reset: () => {
      attempts.clear();
      answered.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
