/**
 * The demo's HTTP client: it talks to the server only as citizens and staff would, JSON in and
 * out, with a token per demo user from the local issuer. Its errors name the call and the answer's
 * error code, never a body the demo sent (the bodies are report texts).
 */
import type { DemoUser } from './cast.ts';

export class DemoError extends Error {
  override name = 'DemoError';
}

/** The server could not be reached at all (not running, wrong URL). */
export class ServerUnreachableError extends DemoError {
  override name = 'ServerUnreachableError';
}

export interface Answer {
  status: number;
  etag: string | null;
  /** The report was an idempotent replay (`Idempotent-Replayed: true`). */
  replayed: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field below
  body: any;
  text: string;
}

interface RequestOptions {
  as?: DemoUser;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A small HTTP client: JSON in and out, a token per demo user, errors that never carry a body sent. */
export class Client {
  private readonly tokens = new Map<string, Promise<string>>();
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (err) {
      throw new ServerUnreachableError(`cannot reach ${this.baseUrl} (${causeOf(err)})`, { cause: err });
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      replayed: res.headers.get('idempotent-replayed') === 'true',
      body,
      text,
    };
  }

  /** Like request, but any other status is a DemoError naming the call and the answer's error code. */
  async expect(status: number, method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const answer = await this.request(method, path, opts);
    if (answer.status !== status) throw new DemoError(describeFailure(method, path, opts.as, answer));
    return answer;
  }

  /** A token from the local issuer (`POST /local/token`), once per demo user. */
  token(u: DemoUser): Promise<string> {
    let t = this.tokens.get(u.id);
    if (!t) {
      t = this.expect(200, 'POST', '/local/token', {
        body: { role: u.role, jurisdiction: u.jurisdiction, id: u.id, name: u.name },
      }).then((a) => String(a.body?.token));
      this.tokens.set(u.id, t);
    }
    return t;
  }
}

/** One line naming the call, who made it, and the answer's status, error code, message and fields. */
export function describeFailure(method: string, path: string, as: DemoUser | undefined, a: Answer): string {
  const error = a.body?.error;
  const code = typeof error === 'string' ? error : (error?.code ?? '');
  const message = typeof error?.message === 'string' ? error.message : '';
  const fields = Array.isArray(error?.fields)
    ? error.fields.map((f: { field?: string }) => f.field).join(', ')
    : '';
  return (
    `${method} ${path}${as ? ` as ${as.id}` : ''} answered ${a.status}` +
    `${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${fields ? ` (${fields})` : ''}`
  );
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
