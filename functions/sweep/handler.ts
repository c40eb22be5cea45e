/** Lambda entry for the scheduled deadline sweep (EventBridge schedule). Logs counts only. */
import { composeStreamDeps } from '#functions/stream/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';

const deps = composeStreamDeps(loadConfig());
const logger = createLogger();

export async function handler(): Promise<{
  reminded: number;
  escalated: number;
  lapsed: number;
  purged: number;
}> {
  const result = await sweepDeadlines(deps);
  logger.info('deadline sweep', {
    component: 'sweep',
    count: result.reminded + result.escalated + result.lapsed + result.purged,
  });
  return {
    reminded: result.reminded,
    escalated: result.escalated,
    lapsed: result.lapsed,
    purged: result.purged,
  };
}
