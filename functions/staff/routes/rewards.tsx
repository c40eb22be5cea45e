/** The reward queues (/staff/rewards, tabs by stage) and the custodian's release from the queue. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Lang } from '#functions/web/i18n.ts';
import { decideRewardAsStaff, rewardQueue } from '#shared/services/rewards.ts';
import { staffNamer } from '../case-text.ts';
import { REWARD_QUEUE_STAGES } from '../layout.tsx';
import { REWARD_STAGES, staffRewardView } from '../reward-api.ts';
import { rewardFormError } from '../reward-form-input.ts';
import { defaultRewardStage, RewardQueuePage, RewardQueueRefused } from '../reward-pages.tsx';
import { rewardText } from '../reward-text.ts';
import { type ConsoleDeps, formOf, langOf } from './context.ts';

export function rewardRoutes(deps: ConsoleDeps) {
  const app = new Hono();

  /** A reward queue page (tabs by stage); `error` re-renders it after a refused release. */
  const rewardQueuePage = async (
    c: Context,
    lang: Lang,
    stageParam: string | undefined,
    error?: { message: string; status: 400 | 403 | 409 | 412 },
  ) => {
    const staff = c.get('staff');
    const stages = REWARD_QUEUE_STAGES[staff.role];
    const stage = stageParam ?? defaultRewardStage(staff.role);
    c.header('Cache-Control', 'no-store');
    if (!stage || stages.length === 0)
      return c.html(<RewardQueueRefused lang={lang} staff={staff} message={rewardText[lang].noQueue} />, 403);
    if (!REWARD_STAGES.includes(stage as never) || !stages.includes(stage as never))
      return c.html(
        <RewardQueueRefused lang={lang} staff={staff} message={rewardText[lang].invalidStage} />,
        REWARD_STAGES.includes(stage as never) ? 403 : 400,
      );
    const listStage = stage as (typeof REWARD_STAGES)[number];
    const page = await rewardQueue(deps, staff, listStage, 25, c.req.query('cursor'));
    return c.html(
      <RewardQueuePage
        lang={lang}
        staff={staff}
        stage={listStage}
        rewards={page.rewards.map((r) => staffRewardView(r, staff))}
        cursor={page.cursor}
        error={error?.message}
        name={staffNamer([...(deps.staffNames ?? []), { id: staff.id, name: staff.name }], lang)}
      />,
      error?.status ?? 200,
    );
  };

  app.get('/staff/rewards', (c) => rewardQueuePage(c, langOf(c), c.req.query('stage')));

  // The identity custodian cannot open cases: they release a claim's payee details from the queue.
  app.post('/staff/rewards/:caseNumber/release', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    try {
      await decideRewardAsStaff(
        deps,
        c.get('staff'),
        c.req.param('caseNumber'),
        { action: 'release' },
        Number(form.version),
      );
      return c.redirect(`/staff/rewards?stage=release&lang=${lang}`, 303);
    } catch (err) {
      const shown = rewardFormError(err, lang);
      if (shown) return rewardQueuePage(c, lang, 'release', shown);
      throw err;
    }
  });

  return app;
}
