/**
 * Request and response schemas of the public API. They validate input and generate the OpenAPI
 * document, so docs and behaviour cannot disagree.
 */
import { z } from '@hono/zod-openapi';
import { CATEGORIES, STATUSES } from '#shared/domain/case.ts';
import { isValidResidentIdNumber, normalizeMobile } from '#shared/domain/id-number.ts';

const trimmed = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  trimmed(max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const code = (len: number, example: string) =>
  z
    .string()
    .regex(new RegExp(`^\\d{${len}}$`), { error: 'place_code_invalid' })
    .optional()
    .openapi({ example });

export const LocationSchema = z
  .object({
    countyCode: code(6, '411081'),
    townshipCode: code(9, '411081001'),
    villageCode: code(12, '411081001001'),
    address: optionalText(300).openapi({ example: '禹州市钧台街道某某路 12 号' }),
  })
  .refine((l) => l.townshipCode || l.villageCode || l.address, {
    error: 'location_required',
    path: ['townshipCode'],
  })
  .openapi('Location', {
    description:
      'Where the matter is. Codes come from GET /api/v1/places; a township or village code routes the case directly, an address alone goes to the county triage queue.',
  });

export const ReporterSchema = z
  .object({
    name: optionalText(50),
    phone: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        const n = normalizeMobile(v);
        if (!n) ctx.addIssue({ code: 'custom', message: 'phone_invalid' });
        return n ?? undefined;
      })
      .openapi({ type: 'string', example: '13800000000' }),
    idNumber: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.toUpperCase() : undefined))
      .refine((v) => v === undefined || isValidResidentIdNumber(v), { error: 'id_number_invalid' })
      .openapi({ type: 'string' }),
    isEmployeeOfUnit: z.boolean().optional(),
  })
  .openapi('Reporter', {
    description:
      'Optional. Sealed with envelope encryption and stored apart from the case; staff never see it. Employees reporting their own unit should give a real name (应急〔2020〕69号 Art 4).',
  });

const isDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v));

export const ReportSchema = z
  .object({
    category: z.enum(CATEGORIES).openapi({ description: 'RULES.md §1 categories' }),
    description: z
      .string()
      .trim()
      .min(10)
      .max(5000)
      .openapi({ example: '某厂夜间违规动火作业，无人监护，现场堆放易燃物。' }),
    unitName: optionalText(200).openapi({ example: '某某化工有限公司' }),
    occurredAt: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v === '' ? undefined : v))
      .refine((v) => v === undefined || isDate(v), { error: 'date_invalid' })
      .openapi({ type: 'string', example: '2026-11-20' }),
    imminentDanger: z.boolean().optional(),
    location: LocationSchema,
    reporter: ReporterSchema.optional(),
  })
  .openapi('Report');

export const CreatedSchema = z
  .object({
    caseNumber: z.string().openapi({ example: '20261127-482913' }),
    accessKey: z
      .string()
      .openapi({ example: '4829130572816634', description: 'Shown once. Only its hash is stored.' }),
    status: z.enum(STATUSES),
    createdAt: z.string(),
  })
  .openapi('Created');

export const ReporterViewSchema = z
  .object({
    caseNumber: z.string(),
    status: z.enum(STATUSES),
    category: z.enum(CATEGORIES),
    createdAt: z.string(),
    updatedAt: z.string(),
    timeline: z.array(z.object({ at: z.string(), type: z.string(), status: z.enum(STATUSES).optional() })),
    messages: z.array(z.object({ at: z.string(), from: z.enum(['reporter', 'staff']), text: z.string() })),
  })
  .openapi('ReporterView');

export const MessageSchema = z.object({ text: z.string().trim().min(1).max(2000) }).openapi('Message');

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageZh: z.string().optional(),
      requestId: z.string().optional(),
      fields: z.array(z.object({ field: z.string(), en: z.string(), zh: z.string() })).optional(),
    }),
  })
  .openapi('Error');

export const PlaceSchema = z
  .object({ code: z.string(), name: z.string(), level: z.string() })
  .openapi('Place');
