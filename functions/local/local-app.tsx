/**
 * Local-only pages (`npm start`, absent in AWS): the outbox of what SNS would have sent. The
 * entries carry no identity, phone or report text by construction (shared/notify.ts).
 */
import { Hono } from 'hono';
import type { DeliveryRepository } from '#shared/repositories/delivery-repository.ts';

export function createLocalApp(deliveries: DeliveryRepository) {
  const app = new Hono();
  app.get('/local/outbox', async (c) => {
    const entries = await deliveries.outbox(200);
    if (c.req.header('accept')?.includes('text/html')) {
      return c.html(
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <link rel="icon" href="data:," />
            <title>Outbox · 本地通知发件箱</title>
            <link rel="stylesheet" href="/assets/pico.min.css" />
            <link rel="stylesheet" href="/assets/app.css" />
          </head>
          <body>
            <main>
              <h1>本地通知发件箱 · Local outbox</h1>
              <p>What SNS would have delivered to staff in AWS, newest first.</p>
              {entries.length === 0 ? (
                <p>Empty.</p>
              ) : (
                entries.map((e) => (
                  <article>
                    <header>
                      <time datetime={e.at}>{e.at}</time> · {e.kind}
                    </header>
                    <pre>{e.body}</pre>
                  </article>
                ))
              )}
            </main>
          </body>
        </html>,
      );
    }
    return c.json({ entries });
  });
  return app;
}
