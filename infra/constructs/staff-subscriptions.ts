/**
 * Who receives which staff notification: subscriptions to the staff topic, each filtered on the
 * message attributes the notifier sets (shared/notify.ts) — the role it is for (`audience`) and the
 * place (`jurisdiction` for a township, `county` for a county, a county prefix for a city). A
 * deployment lists its subscribers in CDK context (`cdk.json` or `-c`), e.g.
 *
 *   "chuishao:staffSubscriptions": [
 *     { "protocol": "email", "endpoint": "ajz-lingjing@example.gov.cn", "role": "township_officer", "jurisdiction": "411003106" },
 *     { "protocol": "sms", "endpoint": "+8613800000000", "role": "county_supervisor", "jurisdiction": "411003" },
 *     { "protocol": "https", "endpoint": "https://oa.example.gov.cn/hooks/chuishao", "role": "finance_officer", "jurisdiction": "4110" }
 *   ]
 *
 * A bad entry fails the synth naming it. Notifications carry no identity, phone or report text,
 * so any of these channels may carry them.
 */
import { type ITopic, SubscriptionFilter } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription, UrlSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as z from 'zod/mini';
import { STAFF_ROLES } from '../../shared/domain/roles.ts';

export const STAFF_SUBSCRIPTIONS_CONTEXT = 'chuishao:staffSubscriptions';

const Subscriber = z.object({
  protocol: z.enum(['email', 'sms', 'https']),
  endpoint: z.string().check(z.minLength(3), z.maxLength(2048)),
  role: z.enum(STAFF_ROLES),
  /** 9 digits: one township; 6: a county; 4: every county of a city. */
  jurisdiction: z.string().check(z.regex(/^(\d{4}|\d{6}|\d{9})$/)),
});
export type StaffSubscriber = z.output<typeof Subscriber>;

/** The subscribers in context, validated; throws naming the bad entry and field. */
export function staffSubscribersOf(value: unknown): StaffSubscriber[] {
  if (value === undefined || value === null) return [];
  // `cdk synth -c chuishao:staffSubscriptions='[…]'` gives the JSON as a string.
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      throw new Error(`${STAFF_SUBSCRIPTIONS_CONTEXT} is not JSON`);
    }
  }
  const parsed = z.array(Subscriber).safeParse(data);
  if (parsed.success) {
    for (const [i, s] of parsed.data.entries()) {
      const ok =
        s.protocol === 'email'
          ? /^[^@\s]+@[^@\s]+$/.test(s.endpoint)
          : s.protocol === 'sms'
            ? /^\+[1-9]\d{6,14}$/.test(s.endpoint)
            : s.endpoint.startsWith('https://');
      if (!ok)
        throw new Error(
          `${STAFF_SUBSCRIPTIONS_CONTEXT}[${i}].endpoint is not a valid ${s.protocol} endpoint`,
        );
    }
    return parsed.data;
  }
  const where = parsed.error.issues
    .map((i) => i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''))
    .join(', ');
  throw new Error(`${STAFF_SUBSCRIPTIONS_CONTEXT} is invalid at ${where}`);
}

/** The filter that gives a subscriber what their role and place receive, and nothing else. */
export function filterPolicyOf(s: StaffSubscriber): Record<string, SubscriptionFilter> {
  const j = s.jurisdiction;
  return {
    audience: SubscriptionFilter.stringFilter({ allowlist: [s.role] }),
    ...(j.length === 9
      ? { jurisdiction: SubscriptionFilter.stringFilter({ allowlist: [j] }) }
      : j.length === 6
        ? { county: SubscriptionFilter.stringFilter({ allowlist: [j] }) }
        : { county: SubscriptionFilter.stringFilter({ matchPrefixes: [j] }) }),
  };
}

export function subscribeStaff(topic: ITopic, subscribers: StaffSubscriber[]): void {
  for (const s of subscribers) {
    const filterPolicy = filterPolicyOf(s);
    topic.addSubscription(
      s.protocol === 'email'
        ? new EmailSubscription(s.endpoint, { filterPolicy })
        : s.protocol === 'sms'
          ? new SmsSubscription(s.endpoint, { filterPolicy })
          : new UrlSubscription(s.endpoint, { filterPolicy }),
    );
  }
}
