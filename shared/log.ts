/**
 * Structured JSON logger.
 *
 * Why so small and so strict: this is a whistleblower hotline. Request bodies, Lambda events,
 * identities, phone numbers and access keys must never reach a log line, so the logger accepts
 * only a fixed set of scalar fields that cannot carry them, and there is no "log the object" call.
 */

export type LogLevel = 'info' | 'warn' | 'error';

/** Fields a log line may carry. Deliberately no free-form `data`/`body`/`event`. */
export interface LogFields {
  requestId?: string;
  method?: string;
  /** Route pattern (e.g. `/api/v1/reports/:caseNumber`), never the raw URL. */
  route?: string;
  status?: number;
  ms?: number;
  /** Error class name only; messages may quote input. */
  errorName?: string;
  component?: string;
  count?: number;
}

export type LogSink = (line: string) => void;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ALLOWED = new Set(['requestId', 'method', 'route', 'status', 'ms', 'errorName', 'component', 'count']);

export function createLogger(sink: LogSink = (l) => process.stdout.write(`${l}\n`)): Logger {
  const write = (level: LogLevel, msg: string, fields: LogFields = {}) => {
    const safe: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (ALLOWED.has(k) && (typeof v === 'string' || typeof v === 'number')) safe[k] = v;
    }
    sink(JSON.stringify({ level, msg, ...safe }));
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
