/**
 * The OpenAPI document generated from the route table is valid OpenAPI 3.1 (checked against the
 * specification's own JSON Schema by a maintained validator), every `$ref` resolves, every
 * templated path parameter is declared, every operation answers errors in the house shape, and
 * every JSON route of the table — the staff API included, with its bearer scheme — is in it.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#functions/api/openapi.ts';
import { ROUTES, templatePath } from '#functions/route-table/table.ts';

const doc = buildOpenApiDocument({ title: 'Chuishao', version: '1.0.0', description: 'test' });
type Operation = {
  parameters: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: Record<string, string[]>[];
};
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );

describe('the generated OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const res = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(res.errors ?? [], JSON.stringify(res.errors, null, 1)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').at(-1) as string], ref).toBeDefined();
    }
  });

  it('declares every path parameter and answers with responses and the house error shape', () => {
    for (const { path, method, op } of operations()) {
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(declared.sort(), `${method} ${path}`).toEqual(templated.sort());
      expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(1);
      expect(op.responses['5XX']?.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
  });

  it('documents every JSON route and API download of the table, and nothing else', () => {
    const expected = ROUTES.filter((r) => r.kind !== 'page')
      .map((r) => `${r.method.toLowerCase()} ${templatePath(r.path)}`)
      .sort();
    expect(
      operations()
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    ).toEqual(expected);
    // Every route under /api/ that is not a page is documented (the staff API included).
    for (const r of ROUTES.filter((r) => r.path.startsWith('/api/') && r.kind === 'page'))
      expect(r.path).toBe('/api/docs');
  });

  it('puts the staff API behind the bearer scheme and the reporter routes behind the access key', () => {
    expect(doc.components.securitySchemes.staffBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const staffOp = doc.paths['/api/v1/cases/{caseNumber}/transitions']?.post as Operation;
    expect(staffOp.security).toEqual([{ staffBearer: [] }]);
    expect(staffOp.responses['401']).toBeDefined();
    const reporterOp = doc.paths['/api/v1/reports/{caseNumber}']?.get as Operation;
    expect(reporterOp.security).toEqual([{ accessKey: [] }]);
    const filing = doc.paths['/api/v1/reports']?.post as Operation;
    expect(filing.security).toEqual([]);
  });
});
