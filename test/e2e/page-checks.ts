/**
 * One check for every page a browser test visits: it fits the screen (no sideways scrolling, the
 * 390 px phone included), its visible text holds no internal key (snake_case code, camelCase field
 * name, role key) and no reference to project documents (RULES.md, SPEC), and axe finds no serious
 * or critical accessibility violation. Use `expectCleanPage(page, label)` after each navigation.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousA11yViolations } from './support.ts';

/** Role keys as the code spells them: never shown to a person. */
const ROLE_KEYS = [
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'identity_custodian',
  'operator',
  'auditor',
];

/** Words in visible text that give away an internal key or a project document. */
export function leaksIn(text: string, lang: 'zh' | 'en' = 'zh'): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.add(m[0]);
  // camelCase field names (townshipCode, objectionReview); not brand-like words such as "iPhone".
  for (const m of text.matchAll(/\b[a-z]{3,}[A-Z][a-zA-Z]*\b/g)) found.add(m[0]);
  for (const m of text.matchAll(/RULES\.md|\bSPEC\b/g)) found.add(m[0]);
  // On Chinese pages an English role word is a key; on English pages "operator" may be a word.
  if (lang === 'zh') for (const key of ROLE_KEYS) if (new RegExp(`\\b${key}\\b`).test(text)) found.add(key);
  return [...found];
}

export interface PageProblems {
  page: string;
  overflowPx: number;
  leaks: string[];
  a11y: string[];
}

/** Looks at the page as it stands; returns what is wrong with it (empty lists when nothing is). */
export async function checkPage(
  page: Page,
  label: string,
  opts: { axe?: boolean } = {},
): Promise<PageProblems> {
  const overflowPx = await page.evaluate<number>(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  );
  const text = await page.evaluate<string>('document.body.innerText');
  const lang = (await page.evaluate<string>('document.documentElement.lang')).startsWith('en') ? 'en' : 'zh';
  // axe runs inside the page: a page opened with JavaScript off is checked with it on elsewhere.
  const a11y =
    opts.axe === false
      ? []
      : (await seriousA11yViolations(page, label)).map((p) => `${p.id}: ${p.targets.join(', ')}`);
  return { page: label, overflowPx: Math.max(0, overflowPx), leaks: leaksIn(text, lang), a11y };
}

/** Fails the test when the page scrolls sideways, leaks an internal key, or has a serious a11y problem. */
export async function expectCleanPage(
  page: Page,
  label: string,
  opts: { axe?: boolean } = {},
): Promise<void> {
  const problems = await checkPage(page, label, opts);
  expect(problems, label).toEqual({ page: label, overflowPx: 0, leaks: [], a11y: [] });
}
