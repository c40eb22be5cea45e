/**
 * Environment, parsed once at start with zod; a missing or bad variable fails the start naming it.
 * The same code runs in AWS and locally: only the adapters chosen in functions/api/compose.ts differ.
 */
import { z } from 'zod';

const ConfigSchema = z
  .object({
    MODE: z.enum(['aws', 'local']).default('aws'),
    AWS_REGION: z.string().min(1).default('cn-north-1'),
    CASES_TABLE: z.string().min(1),
    IDENTITY_TABLE: z.string().min(1),
    DIRECTORY_TABLE: z.string().min(1),
    /** DynamoDB Local endpoint (local mode only). */
    DYNAMODB_ENDPOINT: z.url().optional(),
    /** KMS key for identity envelope encryption (AWS mode). */
    IDENTITY_KEY_ID: z.string().min(1).optional(),
    /** Local master key file standing in for KMS (local mode). */
    MASTER_KEY_FILE: z.string().min(1).optional(),
    /** The pilot region whose counties the forms offer (4-digit city code). */
    REGION_CODE: z
      .string()
      .regex(/^\d{4}$/)
      .default('4110'),
  })
  .superRefine((c, ctx) => {
    if (c.MODE === 'aws' && !c.IDENTITY_KEY_ID)
      ctx.addIssue({ code: 'custom', path: ['IDENTITY_KEY_ID'], message: 'required in aws mode' });
    if (c.MODE === 'local' && !c.MASTER_KEY_FILE)
      ctx.addIssue({ code: 'custom', path: ['MASTER_KEY_FILE'], message: 'required in local mode' });
  });

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`configuration invalid: ${names}`);
  }
  return result.data;
}
