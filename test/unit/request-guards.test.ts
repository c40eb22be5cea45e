/** The small pure guards behind the hardening: paths, next=, local hosts, JSON depth, role levels. */
import { describe, expect, it } from 'vitest';
import { isSanePath, safeNextPath } from '#functions/http/common.ts';
import { isLoopbackHost } from '#functions/local/local-app.tsx';
import { jsonDepth } from '#functions/local/sms-app.tsx';
import { fitsRole } from '#shared/auth/staff.ts';

describe('isSanePath', () => {
  it.each(['/', '/staff/cases/20260101-000001', '/api/v1/places', '/%E4%B8%AD%E6%96%87', '/a%2Fb'])(
    'takes %s',
    (p) => expect(isSanePath(p)).toBe(true),
  );
  it.each(['/x%0d%0ay', '/%00', '/x%7f', '/%E0%A4%A', `/${'a'.repeat(129)}`, '/a/%'])('refuses %s', (p) =>
    expect(isSanePath(p)).toBe(false),
  );
});

describe('safeNextPath', () => {
  it.each(['/staff', '/staff/', '/staff?lang=en', '/staff/cases/20260101-000001?lang=zh'])('keeps %s', (n) =>
    expect(safeNextPath(n, '/staff', '/staff')).toBe(n),
  );
  it.each([
    undefined,
    42,
    '',
    '//evil.example',
    '/staff\\..\\evil',
    'https://evil.example/staff',
    '/staffing',
    '/staff\r\nX: y',
    '/staff/%0d%0a',
    '/staff/ space',
    `/staff/${'a'.repeat(600)}`,
  ])('replaces %j with the fallback', (n) => expect(safeNextPath(n, '/staff', '/staff')).toBe('/staff'));
});

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST:3000', '127.0.0.1', '127.0.0.1:65535', '[::1]', '[::1]:3000'])(
    '%s is loopback',
    (h) => expect(isLoopbackHost(h)).toBe(true),
  );
  it.each([
    undefined,
    '',
    'evil.example',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    '127.0.0.2',
    '0.0.0.0:3000',
    'localhost:3000:1',
  ])('%s is not', (h) => expect(isLoopbackHost(h)).toBe(false));
});

describe('jsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{}')).toBe(1);
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('{"a":"\\"[[["}')).toBe(1);
    expect(jsonDepth(`${'['.repeat(40)}${']'.repeat(40)}`)).toBe(40);
    expect(jsonDepth('not json')).toBe(0);
  });
});

describe('fitsRole', () => {
  it('takes each role at its levels only', () => {
    expect(fitsRole('township_officer', '411003106')).toBe(true);
    expect(fitsRole('township_officer', '411003')).toBe(false);
    expect(fitsRole('county_supervisor', '411003')).toBe(true);
    expect(fitsRole('county_supervisor', '4110')).toBe(false);
    for (const role of ['operator', 'finance_officer', 'identity_custodian', 'auditor'] as const) {
      expect(fitsRole(role, '4110')).toBe(true);
      expect(fitsRole(role, '411003')).toBe(true);
      expect(fitsRole(role, '411003106')).toBe(false);
    }
    expect(fitsRole('township_officer', '41100310x')).toBe(false);
    expect(fitsRole('township_officer', 411003106)).toBe(false);
  });
});
