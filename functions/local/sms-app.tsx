/**
 * The phone simulator of `npm start` (local mode only, absent in AWS): `GET /local/sms` lets you
 * text the hotline as a reporter and see the replies; `POST /local/sms/inbound` takes the End
 * User Messaging two-way SMS JSON and hands it, as the SNS notification's Message, to the same
 * handler as the inbound Lambda. What was sent and received lives in this process's memory only —
 * the stand-in for the SMS gateway — so no phone number in clear ever reaches `.data/`.
 */

import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { assetHref } from '#functions/assets/hashed.ts';
import { CsrfField } from '#functions/http/csrf.tsx';
import { normalizeE164 } from '#shared/domain/sms/inbound.ts';
import type { MemorySmsOutbox } from '#shared/sms-sender.ts';

export const DEMO_NUMBER = '+8613800000000';
/** The hotline's number in the simulator. */
export const LOCAL_HOTLINE_NUMBER = '+8610690000000';

export interface LocalSms {
  outbox: MemorySmsOutbox;
  /** The inbound handler (shared/services/sms-inbound.ts) with its dependencies bound. */
  handle(snsMessage: string): Promise<unknown>;
}

/** The deepest JSON the simulator takes (the gateway's payload is two levels deep). */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
    else if (ch === ']' || ch === '}') depth--;
  }
  return max;
}

interface Received {
  from: string;
  text: string;
  at: string;
}

export function registerSmsRoutes(app: Hono, sms: LocalSms, now: () => Date = () => new Date()) {
  const received: Received[] = [];

  /** Hands the gateway's JSON text, as the SNS notification's Message, to the inbound handler. */
  async function deliver(message: string): Promise<string> {
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(message);
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
    const from = typeof body.originationNumber === 'string' ? normalizeE164(body.originationNumber) : null;
    if (from && typeof body.messageBody === 'string') {
      received.push({ from, text: body.messageBody, at: now().toISOString() });
      if (received.length > 1000) received.splice(0, received.length - 1000);
    }
    const outcome = await sms.handle(message);
    return String(outcome);
  }

  /**
   * The End User Messaging JSON, passed on as sent (a payload that is not one is dropped by the
   * handler, as in AWS). JSON nested deeper than any gateway sends is refused with a 400 before
   * anything parses it.
   */
  app.post('/local/sms/inbound', async (c) => {
    const raw = await c.req.text();
    if (jsonDepth(raw) > MAX_JSON_DEPTH) {
      return c.json(
        {
          error: {
            code: 'validation_failed',
            message: `The body nests deeper than ${MAX_JSON_DEPTH} levels.`,
            messageZh: `请求内容嵌套超过 ${MAX_JSON_DEPTH} 层。`,
            fields: [{ field: '(body)', en: 'nested too deeply', zh: '嵌套层数过多' }],
          },
        },
        400,
      );
    }
    const outcome = await deliver(raw);
    return c.json({ outcome }, 202);
  });

  /** The simulator's form: builds the same JSON as the gateway would. */
  app.post('/local/sms/send', async (c) => {
    // An unreadable form sends an empty text (the simulator shows the reply), never a 500.
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const number = normalizeE164(typeof form.number === 'string' ? form.number : '') ?? DEMO_NUMBER;
    const text = typeof form.text === 'string' ? form.text : '';
    await deliver(
      JSON.stringify({
        originationNumber: number,
        destinationNumber: LOCAL_HOTLINE_NUMBER,
        messageKeyword: 'KEYWORD_LOCAL',
        messageBody: text,
        inboundMessageId: randomUUID(),
        previousPublishedMessageId: null,
      }),
    );
    return c.redirect(`/local/sms?number=${encodeURIComponent(number)}`, 303);
  });

  app.get('/local/sms', (c) => {
    const number = normalizeE164(c.req.query('number') ?? '') ?? DEMO_NUMBER;
    const thread = [
      ...received.filter((m) => m.from === number).map((m) => ({ ...m, mine: true })),
      ...sms.outbox.list(number).map((m) => ({ ...m, mine: false })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.mine ? -1 : 1));
    return c.html(
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <link rel="icon" href="data:," />
          <title>SMS simulator · 短信模拟器</title>
          <link rel="stylesheet" href={assetHref('/assets/pico.min.css')} />
          <link rel="stylesheet" href={assetHref('/assets/app.css')} />
        </head>
        <body>
          <main>
            <h1>短信模拟器 · SMS simulator</h1>
            <p>
              Text the hotline as a reporter. Local mode only: messages and replies live in memory, never in{' '}
              <code>.data/</code>.
            </p>
            <form method="post" action="/local/sms/send">
              <CsrfField />
              <label>
                手机号码 · Your number
                <input name="number" type="tel" value={number} required />
              </label>
              <label>
                短信内容 · Message
                <textarea name="text" rows={3} maxlength={1600} />
              </label>
              <button type="submit">发送 · Send</button>
            </form>
            <section aria-label="Conversation">
              <h2>会话 · Conversation</h2>
              {thread.length === 0 ? (
                <p>No messages yet.</p>
              ) : (
                thread.map((m) => (
                  <article class={m.mine ? 'sms-sent' : 'sms-received'}>
                    <header>
                      {m.mine ? '我 · You' : '热线 · Hotline'} · <time datetime={m.at}>{m.at}</time>
                    </header>
                    <p style="white-space: pre-wrap">{m.text}</p>
                  </article>
                ))
              )}
            </section>
            <p>
              <a href={`/local/sms?number=${encodeURIComponent(number)}`}>刷新 · Refresh</a>
            </p>
          </main>
        </body>
      </html>,
    );
  });
}
