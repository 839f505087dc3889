import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Script } from './scriptedFetch';

// The same Scripts, served over real HTTP on 127.0.0.1, for SDKs driven through their own
// default transport: 0.39 sends with node-fetch, whose Response, Headers and body (a Node
// stream) are not the web ones a scripted `fetch` hands back. Each script gets its own path
// prefix, so concurrent calls of one test each follow their own script. A step that throws (a
// scripted network failure) destroys the socket: the client sees a connection reset.

export class ScriptedServer {
  private readonly scripts = new Map<string, Script>();
  private nextId = 0;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<ScriptedServer> {
    let self: ScriptedServer | undefined;
    const server = createServer((req, res) => void self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new ScriptedServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL a client uses to be answered by `script`. */
  baseURL(script: Script): string {
    const id = String(this.nextId++);
    this.scripts.set(id, script);
    return `${this.origin}/s/${id}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/s\/(\d+)(\/.*)$/.exec(req.url ?? '');
    const script = match ? this.scripts.get(match[1]!) : undefined;
    if (!match || !script) {
      res.writeHead(404).end();
      return;
    }
    const body: Buffer[] = [];
    for await (const chunk of req) body.push(chunk as Buffer);
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    let response: Response;
    try {
      response = await script.fetch(`https://api.anthropic.com${match[2]}`, {
        method: req.method,
        headers,
        body: body.length > 0 ? Buffer.concat(body) : undefined,
        signal: gone.signal,
      });
    } catch {
      req.socket.destroy();
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    try {
      const reader = response.body?.getReader();
      for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
        if (!res.write(read.value)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    } catch {
      res.destroy(); // the client went away mid-body
    }
  }
}
