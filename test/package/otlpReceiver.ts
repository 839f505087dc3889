// The app's own tracing backend, as small as one can be: it takes OTLP/HTTP trace exports (JSON
// or protobuf, decoded by the collector's own decoder) and keeps the spans it got.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraces } from '../../collector/src/otlp/decode';

export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  serviceName: string | undefined;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes = new Set<string>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    let self: OtlpReceiver | undefined;
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const type = req.headers['content-type'] ?? '';
      self!.contentTypes.add(type);
      const decoded = decodeTraces(Buffer.concat(chunks), type.includes('json') ? 'json' : 'protobuf');
      for (const resource of decoded.resourceSpans) {
        const service = resource.resource.get('service.name');
        for (const scope of resource.scopeSpans) {
          for (const span of scope.spans) {
            self!.spans.push({
              name: span.name,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId,
              serviceName: typeof service === 'string' ? service : undefined,
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': type.includes('json') ? 'application/json' : 'application/x-protobuf' }).end(type.includes('json') ? '{}' : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new OtlpReceiver(server);
    return self;
  }

  get tracesUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
