/** Page frame: mobile-first, every asset from this app, no third-party hosts, language switch. */
import type { Child } from 'hono/jsx';
import { assetHref } from '#functions/assets/hashed.ts';
import type { Lang, Messages } from './i18n.ts';

export function Layout(props: { lang: Lang; t: Messages; title: string; path: string; children: Child }) {
  const { lang, t } = props;
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <html lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${t.siteName}`}</title>
        <link rel="stylesheet" href={assetHref('/assets/pico.min.css')} />
        <link rel="stylesheet" href={assetHref('/assets/app.css')} />
        <script src={assetHref('/assets/app.js')} defer />
      </head>
      <body>
        <header>
          <nav aria-label={lang === 'zh' ? '主导航' : 'Main'}>
            <ul>
              <li>
                <strong>
                  <a href={`/?lang=${lang}`}>{t.siteName}</a>
                </strong>
              </li>
            </ul>
            <ul>
              <li>
                <a href={`/?lang=${lang}#report`}>{t.navReport}</a>
              </li>
              <li>
                <a href={`/follow-up?lang=${lang}`}>{t.navFollowUp}</a>
              </li>
              <li>
                <a href={`${props.path}?lang=${other}`} lang={other === 'zh' ? 'zh-CN' : 'en'}>
                  {t.switchLang}
                </a>
              </li>
            </ul>
          </nav>
        </header>
        <main>{props.children}</main>
        <footer>
          <small>
            {t.footer} <a href={`/public?lang=${lang}`}>{t.navPublic}</a> · <a href="/api/docs">{t.navApi}</a>
          </small>
        </footer>
      </body>
    </html>
  );
}

export function ErrorSummary(props: {
  t: Messages;
  lang: Lang;
  errors: { field: string; en: string; zh: string }[];
}) {
  if (!props.errors.length) return null;
  return (
    <section role="alert" class="errors" id="errors" tabindex={-1}>
      <h2>{props.t.errorsTitle}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#f-${formField(e.field)}`}>{props.lang === 'zh' ? e.zh : e.en}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** API field path → form control name (`location.townshipCode` → `townshipCode`). */
export function formField(path: string): string {
  return path.split('.').pop() ?? path;
}
