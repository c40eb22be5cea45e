/**
 * `npm run -s reward -- [--rules <ruleSetId>] < facts.json`: prints the reward engine's answer for
 * the case facts on stdin, as JSON. Without --rules the rule set is the one in force for
 * facts.jurisdictionCode on the day (Shanghai) of facts.receivedAt. No stack needed.
 * Exit 2 with a message naming the field when the input or the rule set id is bad.
 */
import { parseArgs } from 'node:util';
import { receivedDayOf, selectRuleSet } from '#shared/domain/reward-rule-set.ts';
import { computeReward } from '#shared/domain/rewards.ts';
import { loadRuleSets, parseRewardFacts, ruleSetById } from '#shared/rules.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run -s reward -- [--rules <ruleSetId>] < facts.json\n`);
  process.exit(2);
}

let rulesId: string | undefined;
try {
  const { values } = parseArgs({ options: { rules: { type: 'string' } } });
  rulesId = values.rules;
} catch (err) {
  fail((err as Error).message);
}

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;

let data: unknown;
try {
  data = JSON.parse(text);
} catch (err) {
  fail(`facts: not valid JSON (${(err as Error).message})`);
}

const parsed = parseRewardFacts(data);
if (!parsed.ok) fail(parsed.issues.map((i) => `facts.${i.field}: ${i.message}`).join('\n'));
const { facts } = parsed;

const ruleSets = loadRuleSets();
let ruleSet: ReturnType<typeof ruleSetById>;
try {
  ruleSet = rulesId
    ? ruleSetById(ruleSets, rulesId)
    : selectRuleSet(ruleSets, facts.jurisdictionCode, receivedDayOf(facts));
} catch (err) {
  fail(rulesId ? `--rules: ${(err as Error).message}` : `facts.receivedAt: ${(err as Error).message}`);
}

process.stdout.write(`${JSON.stringify(computeReward(facts, ruleSet), null, 2)}\n`);
