/**
 * The SMS function's dependencies in AWS (every inbound text reaches it through the inbound topic,
 * the gateway webhook's too): the tables, KMS for sealing and for the phone-number HMAC, SNS for
 * replies, and the rewards (a reward claimed by SMS).
 */
import { composeDeps, tableNamesOf } from '#functions/http/compose.ts';
import { lazyKms, lazySns } from '#shared/aws/lazy-clients.ts';
import type { Config } from '#shared/config.ts';
import { KmsPhoneHasher } from '#shared/crypto/phone-hash.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { SmsRepository } from '#shared/repositories/sms-repository.ts';
import type { SmsInboundDeps } from '#shared/services/sms-inbound.ts';
import { SnsSmsSender } from '#shared/sms-sender.ts';

export function awsSmsDeps(config: Config): SmsInboundDeps {
  if (!config.PHONE_HMAC_KEY_ID) throw new Error('configuration invalid: PHONE_HMAC_KEY_ID is required');
  const db = createDynamoClient({ region: config.AWS_REGION });
  const deps = composeDeps(config, { db });
  return {
    ...deps,
    sms: new SmsRepository(db, tableNamesOf(config)),
    // Claims by SMS: reads the reward; the claim seals the payee (CLAIM#, purpose reward_claim).
    rewards: new RewardRepository(db, tableNamesOf(config), deps.cases),
    phoneHasher: new KmsPhoneHasher(lazyKms(config.AWS_REGION), config.PHONE_HMAC_KEY_ID),
    smsSender: new SnsSmsSender(
      lazySns(config.AWS_REGION),
      config.SMS_SENDER_ID,
      config.SMS_ORIGINATION_NUMBER,
    ),
  };
}
