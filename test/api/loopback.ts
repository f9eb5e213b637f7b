/**
 * A real HTTP server on 127.0.0.1, port 0, that records every request (method, raw target,
 * headers, body bytes) and answers with whatever the test's responder says.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Raw request target: path + query, exactly as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Reply =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Close the socket without answering. */
  | { destroy: true }
  /** Never answer (until the server closes). */
  | { hang: true };

export type Responder = (request: RecordedRequest, index: number) => Reply;

export interface Loopback {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedRequest[];
  /** Resolves with the next request once its body has been read. */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

export async function startLoopback(respond: Responder): Promise<Loopback> {
  const requests: RecordedRequest[] = [];
  const waiters: ((r: RecordedRequest) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(recorded);
      waiters.shift()?.(recorded);
      const reply = respond(recorded, requests.length - 1);
      if ('destroy' in reply) {
        req.socket.destroy();
        return;
      }
      if ('hang' in reply) return;
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Recomputes SAASUSSIGV1 from what the server received, independently of the library:
 * time + apiKey + method + Host + raw target + raw body bytes, HMAC-SHA256 with node:crypto.
 */
export function expectedAuthorization(r: RecordedRequest, time: string, creds: { saasId: string; apiKey: string; secretKey: string }): string {
  const head = Buffer.from(`${time}${creds.apiKey}${r.method}${r.headers.host ?? ''}${r.url}`, 'utf8');
  const sig = createHmac('sha256', creds.secretKey).update(Buffer.concat([head, r.body])).digest('hex');
  return `SAASUSSIGV1 Sig=${sig}, SaaSID=${creds.saasId}, APIKey=${creds.apiKey}`;
}
