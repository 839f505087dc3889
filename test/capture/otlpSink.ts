// A loopback OTLP/HTTP receiver that keeps each trace export's bytes as sent. The driver calls
// POST /mark?scenario=<name> after flushing a scenario's spans, so the exports received since the
// last mark are that scenario's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Export {
  contentType: string;
  body: Buffer;
}

export interface OtlpSink {
  url: string;
  /** Exports per scenario, in arrival order. */
  byScenario: Map<string, Export[]>;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const byScenario = new Map<string, Export[]>();
  let pending: Export[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sink');
      if (url.pathname === '/mark') {
        byScenario.set(url.searchParams.get('scenario') ?? '', pending);
        pending = [];
        res.writeHead(204).end();
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const contentType = String(req.headers['content-type'] ?? '');
      pending.push({ contentType, body });
      res.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' });
      res.end(contentType.includes('json') ? '{}' : Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    byScenario,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
