/**
 * The SMS scenario: a text through the local SMS simulator opens a report, a second one adds to
 * it, and the report is routed like a web one. It reads the reply's case number and access key
 * from the local outbox, so the reporter's side of the conversation can be shown too.
 */
import type { Client } from './client.ts';
import type { Until } from './session.ts';
import { DEMO_SMS_NUMBER, SMS_TEXTS } from './stories.ts';

export interface SmsOutcome {
  number: string;
  outcomes: string[];
  caseNumber?: string;
  accessKey?: string;
}

/** Sends the two texts (fixed message ids, so a re-run is answered `duplicate`) and waits for routing. */
export async function smsConversation(api: Client, until: Until): Promise<SmsOutcome> {
  const sms: SmsOutcome = { number: DEMO_SMS_NUMBER, outcomes: [] };
  for (const t of SMS_TEXTS) {
    const res = await api.expect(202, 'POST', '/local/sms/inbound', {
      body: {
        originationNumber: DEMO_SMS_NUMBER,
        destinationNumber: '+8610690000000',
        messageKeyword: 'KEYWORD_LOCAL',
        messageBody: t.text,
        inboundMessageId: t.id,
        previousPublishedMessageId: null,
      },
    });
    sms.outcomes.push(String(res.body?.outcome));
  }
  // The reply with the case number and key lives in the server's memory (gone after a restart).
  const outbox = await api.expect(200, 'GET', '/local/outbox');
  for (const m of (outbox.body.sms ?? []) as { to: string; text: string }[]) {
    const found =
      m.to === DEMO_SMS_NUMBER ? /案件编号\s*(\d{8}-\d{6})，查询密码\s*([\d\s-]{16,23})/.exec(m.text) : null;
    if (found?.[1] && found[2]) {
      sms.caseNumber = found[1];
      sms.accessKey = found[2].replace(/\D/g, '');
    }
  }
  if (sms.caseNumber && sms.accessKey) {
    const { caseNumber, accessKey } = sms;
    await until(`the SMS report ${caseNumber} to be routed`, async () => {
      const res = await api.expect(200, 'GET', `/api/v1/reports/${caseNumber}`, {
        headers: { 'x-access-key': accessKey },
      });
      return res.body.status === 'triage' ? undefined : true;
    });
  }
  return sms;
}
