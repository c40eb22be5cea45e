import { describe, expect, it } from 'vitest';
import { toHttpError } from '#functions/http/errors.ts';
import { ReportSchema } from '#functions/http/schemas.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import {
  ConflictError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '#shared/errors.ts';

const base = {
  category: 'general_hazard',
  description: '楼道堆放杂物堵塞安全出口。',
  location: { townshipCode: '411002001' },
};

describe('report schema', () => {
  it('trims text, drops empty optionals and normalises phone and ID number', () => {
    const out = parseOrThrow(ReportSchema, {
      ...base,
      unitName: '  ',
      location: { townshipCode: '411002001', address: ' 某路 ' },
      reporter: { name: ' 李四 ', phone: '+86 139 0000 0000', idNumber: '11010519491231002x' },
    });
    expect(out.unitName).toBeUndefined();
    expect(out.location.address).toBe('某路');
    expect(out.reporter).toEqual({ name: '李四', phone: '13900000000', idNumber: '11010519491231002X' });
  });

  it('names each bad field in both languages', () => {
    try {
      parseOrThrow(ReportSchema, {
        ...base,
        category: 'x',
        occurredAt: 'yesterday',
        location: { countyCode: '41' },
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      const issues = (err as ValidationError).issues;
      expect(issues.map((i) => i.field).sort()).toEqual([
        'category',
        'location.countyCode',
        'location.townshipCode',
        'occurredAt',
      ]);
      const date = issues.find((i) => i.field === 'occurredAt');
      expect(date?.zh).toContain('日期');
      expect(date?.en).toContain('date');
    }
  });

  it('requires a township, village or address', () => {
    expect(() => parseOrThrow(ReportSchema, { ...base, location: { countyCode: '411002' } })).toThrow(
      ValidationError,
    );
  });
});

describe('error mapping', () => {
  it('maps domain errors to statuses and never leaks messages of unknown errors', () => {
    expect(toHttpError(new UnauthorizedError('x'), 'r').status).toBe(401);
    const tooMany = toHttpError(new TooManyAttemptsError(42), 'r');
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers?.['Retry-After']).toBe('42');
    expect(toHttpError(new ConflictError('x'), 'r').status).toBe(409);
    expect(toHttpError(new UnavailableError('x'), 'r').status).toBe(503);
    const unknown = toHttpError(new Error('secret detail 13800138000'), 'req-1');
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(unknown.body)).not.toContain('13800138000');
    expect(unknown.body.error.requestId).toBe('req-1');
  });
});
