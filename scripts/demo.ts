/**
 * `npm run demo`: fills a running `npm start` with demo work, so the consoles, the follow-up page
 * and /public are not empty and every role has something to do. It talks to the server over HTTP
 * only — the public API, the staff JSON API with tokens from `POST /local/token`, and the SMS
 * simulator's `POST /local/sms/inbound` — exactly as citizens and staff would, so the stream
 * consumer routes, notifies, opens rewards and keeps the public page for real.
 *
 * Safe to run again: every report is filed with a fixed Idempotency-Key (a re-run gets the same
 * case and access key back), every staged step is taken only if the case has not got there yet,
 * and the texts carry fixed inbound message ids. A second run therefore creates nothing new; it
 * finishes whatever a first, interrupted run left undone. A case someone moved on by hand in a
 * console is left alone and named in the output.
 *
 *   npm run demo                      against http://localhost:3000
 *   npm run demo -- --url http://localhost:3399
 *
 * It prints case numbers and access keys of the reporter-side demo cases (they are made-up demo
 * data); it never prints request bodies.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { solve } from '#shared/domain/proof-of-work.ts';
import { shanghaiDate } from '#shared/domain/shanghai-time.ts';

// ---------------------------------------------------------------------------------------------
// Demo staff (seeds/demo-users.json, the users the local sign-in page lists)

interface DemoUser {
  id: string;
  name: string;
  role: string;
  jurisdiction: string;
}

const USERS: DemoUser[] = (
  JSON.parse(readFileSync(new URL('../seeds/demo-users.json', import.meta.url), 'utf8')) as {
    users: DemoUser[];
  }
).users;

function user(id: string): DemoUser {
  const u = USERS.find((x) => x.id === id);
  if (!u) throw new Error(`seeds/demo-users.json has no user ${id}`);
  return u;
}

const LINGJING = { countyCode: '411003', townshipCode: '411003106' } as const; // 建安区灵井镇
const SHENHOU = { countyCode: '411081', townshipCode: '411081103' } as const; // 禹州市神垕镇
/** A made-up mainland number for the SMS conversation (never a real subscriber's). */
export const DEMO_SMS_NUMBER = '+8613800000001';
/** Bump when a report body below changes: the server refuses a known key with another body (422). */
const KEY_PREFIX = 'chuishao-demo-v1';

// ---------------------------------------------------------------------------------------------
// The demo reports (web channel). Fixed bodies: their Idempotency-Keys make re-runs replay them.

type ReportBody = Record<string, unknown>;

const REPORTS = {
  freshLingjing: {
    category: 'major_hazard',
    description:
      '灵井镇霍庄村北的顺兴木器加工厂，喷漆车间与仓库连在一起，没有通风和防爆设施，工人在车间里抽烟，地上到处是稀料桶。',
    unitName: '许昌顺兴木器加工厂',
    occurredAt: '2026-11-18',
    location: { ...LINGJING, address: '霍庄村北 200 米' },
  },
  freshShenhou: {
    category: 'illegal_operation',
    description:
      '神垕镇老街东头有人在民房里私开烧窑作坊，没有任何手续，用液化气罐直接烧窑，晚上十点以后才开工。',
    unitName: '无名烧窑作坊',
    occurredAt: '2026-11-20',
    location: { ...SHENHOU, address: '老街东头民房' },
  },
  addressRouted: {
    category: 'general_hazard',
    description: '瓷器厂的货运电梯门坏了好几个月，工人照样用它运坯子，上周差点有人掉下去。',
    unitName: '钧瓷坊陶瓷厂',
    occurredAt: '2026-11-21',
    location: { countyCode: SHENHOU.countyCode, address: '神垕镇钧官窑址东边的瓷器厂' },
  },
  triage: {
    category: 'illegal_operation',
    description: '陈庄村东头有个小煤窑，白天封着，晚上偷偷开采，拉煤的车半夜进出，井下没有支护。',
    occurredAt: '2026-11-22',
    location: { address: '陈庄村东头的小煤窑' },
  },
  verifying: {
    category: 'major_hazard',
    description: '灵井镇的宏利化工仓库把液氨储罐放在员工宿舍旁边，阀门漏气，闻到很重的氨味，已经有工人头晕。',
    unitName: '许昌宏利化工有限公司',
    occurredAt: '2026-11-15',
    imminentDanger: true,
    location: { ...LINGJING, address: '灵井镇工业园区纬二路' },
    reporter: { name: '刘演示', phone: '13800000002', isEmployeeOfUnit: true },
  },
  rectifying: {
    category: 'major_hazard',
    description:
      '灵井镇金鑫铸造厂熔炼炉下面的地坑常年积水，炉子漏铁水就会爆炸，厂里说没钱整改，让工人继续干。',
    unitName: '许昌金鑫铸造有限公司',
    occurredAt: '2026-11-02',
    location: { ...LINGJING, address: '灵井镇许禹公路南侧' },
  },
  closed: {
    category: 'general_hazard',
    description: '神垕镇某陶瓷厂的配电箱没有门，电线乱拉，下雨天车间地面有水，担心工人触电。',
    unitName: '神垕镇某陶瓷厂',
    occurredAt: '2026-10-28',
    location: { ...SHENHOU, address: '神垕镇红石桥附近' },
  },
  rewardFacts: {
    category: 'major_hazard',
    description: '神垕镇宏达煤矿在已封闭的老巷道里偷偷组织采煤，瓦斯检测仪被人用塑料袋包住，井下二十多人。',
    unitName: '禹州市宏达煤业有限公司',
    occurredAt: '2026-10-20',
    location: { ...SHENHOU, address: '神垕镇西山' },
  },
  rewardApprove: {
    category: 'major_hazard',
    description: '灵井镇顺通危化品运输公司的罐车超载运输液化石油气，车辆年检过期，司机连续开车十几个小时。',
    unitName: '许昌顺通危险货物运输有限公司',
    occurredAt: '2026-10-12',
    location: { ...LINGJING, address: '灵井镇停车场' },
  },
  rewardNotified: {
    category: 'major_hazard',
    description: '灵井镇永安烟花爆竹仓库超量储存，库房里还住人，防雷设施坏了一直没修，仓库外就是村里的小学。',
    unitName: '许昌永安烟花爆竹经营部',
    occurredAt: '2026-10-05',
    location: { ...LINGJING, address: '灵井镇坡胡村西' },
  },
} satisfies Record<string, ReportBody>;

type ReportName = keyof typeof REPORTS;

/** The two texts of the SMS conversation (fixed message ids: a re-run is a duplicate, not a new case). */
const SMS_TEXTS = [
  {
    id: `${KEY_PREFIX}-sms-1`,
    text: '禹州市神垕镇刘家门村有个陶瓷厂用煤气烧窑，煤气管道接头漏气，屋里一股味，工人都不敢说。',
  },
  { id: `${KEY_PREFIX}-sms-2`, text: '另外他们晚上把窑门封死，窑工就睡在窑旁边的棚子里。' },
];

// ---------------------------------------------------------------------------------------------
// HTTP

export class DemoError extends Error {
  override name = 'DemoError';
}

/** The server could not be reached at all (not running, wrong URL). */
export class ServerUnreachableError extends DemoError {
  override name = 'ServerUnreachableError';
}

interface Answer {
  status: number;
  etag: string | null;
  /** The report was an idempotent replay (`Idempotent-Replayed: true`). */
  replayed: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field below
  body: any;
  text: string;
}

interface RequestOptions {
  as?: DemoUser;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A small HTTP client: JSON in and out, a token per demo user, errors that never carry a body sent. */
class Client {
  private readonly tokens = new Map<string, Promise<string>>();
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.as) headers.authorization = `Bearer ${await this.token(opts.as)}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      });
    } catch (err) {
      throw new ServerUnreachableError(`cannot reach ${this.baseUrl} (${causeOf(err)})`, { cause: err });
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      replayed: res.headers.get('idempotent-replayed') === 'true',
      body,
      text,
    };
  }

  /** Like request, but any other status is a DemoError naming the call and the answer's error code. */
  async expect(status: number, method: string, path: string, opts: RequestOptions = {}): Promise<Answer> {
    const answer = await this.request(method, path, opts);
    if (answer.status !== status) throw new DemoError(describeFailure(method, path, opts.as, answer));
    return answer;
  }

  /** A token from the local issuer (`POST /local/token`), once per demo user. */
  token(u: DemoUser): Promise<string> {
    let t = this.tokens.get(u.id);
    if (!t) {
      t = this.expect(200, 'POST', '/local/token', {
        body: { role: u.role, jurisdiction: u.jurisdiction, id: u.id, name: u.name },
      }).then((a) => String(a.body?.token));
      this.tokens.set(u.id, t);
    }
    return t;
  }
}

function describeFailure(method: string, path: string, as: DemoUser | undefined, a: Answer): string {
  const error = a.body?.error;
  const code = typeof error === 'string' ? error : (error?.code ?? '');
  const message = typeof error?.message === 'string' ? error.message : '';
  const fields = Array.isArray(error?.fields)
    ? error.fields.map((f: { field?: string }) => f.field).join(', ')
    : '';
  return (
    `${method} ${path}${as ? ` as ${as.id}` : ''} answered ${a.status}` +
    `${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${fields ? ` (${fields})` : ''}`
  );
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** YYYY-MM-DD in Shanghai, `days` from now (deadlines must not be in the past there). */
function shanghaiDay(days: number): string {
  return shanghaiDate(new Date(Date.now() + days * 86_400_000));
}

// ---------------------------------------------------------------------------------------------
// The run

export interface DemoOptions {
  /** Where `npm start` listens, e.g. http://localhost:3000. */
  baseUrl: string;
  /**
   * Called before each look at something the stream consumer does (routing, rewards, the public
   * page). Live it waits a moment for the poller; tests pass the harness's `drainStream` (calls
   * are never concurrent).
   */
  waitForStream?: () => Promise<unknown>;
  /** How long to wait for the stream consumer before giving up (default 30 s). */
  timeoutMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface DemoCase {
  caseNumber: string;
  accessKey: string;
  /** Filed by this run; false when the report's Idempotency-Key replayed an earlier run's case. */
  created: boolean;
}

export interface DemoResult {
  cases: Record<ReportName, DemoCase>;
  sms: { number: string; outcomes: string[]; caseNumber?: string; accessKey?: string };
  /** Cases someone had moved on by hand: the demo left them as they were. */
  skipped: string[];
  publicName: string;
  seconds: number;
}

/** The unit name the county publishes for the listed hazard (never the reporter's wording). */
export const PUBLIC_NAME = '许昌金鑫铸造有限公司';

interface CaseView {
  status: string;
  conclusion?: unknown;
  rectification?: { confirmedAt?: string };
  supervision?: unknown;
}

interface Step {
  by: DemoUser;
  request: Record<string, unknown> & { action: string };
  /** Already taken (by an earlier run): the case got past it. */
  done(c: CaseView): boolean;
}

/** Runs the whole demo against a running server; throws DemoError (ServerUnreachableError when it is not there). */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const api = new Client(opts.baseUrl.replace(/\/+$/, ''));
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const skipped: string[] = [];

  // A hook (the test's drainStream) runs one call at a time; live, each poll just waits a moment.
  let turn: Promise<unknown> = Promise.resolve();
  const hook = opts.waitForStream;
  const waitForStream = hook
    ? () => {
        turn = turn.then(hook, hook);
        return turn;
      }
    : () => sleep(250);

  /** Polls `check` (after letting the stream consumer run) until it answers, or fails naming `what`. */
  async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await waitForStream();
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new DemoError(
          `gave up after ${Math.round(timeoutMs / 1000)} s waiting for ${what} — is the server's stream consumer running?`,
        );
    }
  }

  const health = await api.request('GET', '/health');
  if (health.status !== 200 || health.body?.status !== 'ok')
    throw new ServerUnreachableError(
      `${api.baseUrl}/health answered ${health.status}: not a Chuishao server`,
    );

  const officerLingjing = user('officer-lingjing');
  const officerShenhou = user('officer-shenhou');
  const supervisorJianan = user('supervisor-jianan');
  const supervisorYuzhou = user('supervisor-yuzhou');
  const financeReview = user('finance-xuchang-2');
  // The local issuer exists only under npm start; say so plainly rather than fail later.
  const probe = await api.request('POST', '/local/token', {
    body: { role: officerLingjing.role, jurisdiction: officerLingjing.jurisdiction, id: officerLingjing.id },
  });
  if (probe.status !== 200)
    throw new DemoError(
      `${api.baseUrl} gives no local staff tokens (POST /local/token answered ${probe.status}); the demo needs npm start`,
    );

  // 1. The reports, filed on the web as citizens do.
  const cases = {} as Record<ReportName, DemoCase>;
  for (const name of Object.keys(REPORTS) as ReportName[]) {
    // npm start counts new reports per address: with a solved proof-of-work (as the page's script
    // does) the demo's reports fit the full hourly budget, not the tighter one for scripts.
    const challenge = await api.request('GET', '/api/v1/challenge');
    const proof: Record<string, string> =
      challenge.status === 200
        ? {
            'x-proof-of-work': `${challenge.body.challenge}:${solve(challenge.body.challenge, challenge.body.difficulty)}`,
          }
        : {};
    const res = await api.request('POST', '/api/v1/reports', {
      body: REPORTS[name],
      headers: { 'idempotency-key': `${KEY_PREFIX}-${name}`, ...proof },
    });
    if (res.status === 422 && res.body?.error?.code === 'idempotency_key_reused')
      throw new DemoError(
        `the server already holds demo report "${name}" with another text (an older demo version); bump KEY_PREFIX in scripts/demo.ts or use a fresh DATA_DIR`,
      );
    if (res.status !== 201) throw new DemoError(describeFailure('POST', '/api/v1/reports', undefined, res));
    cases[name] = { caseNumber: res.body.caseNumber, accessKey: res.body.accessKey, created: !res.replayed };
  }
  const fresh = Object.values(cases).filter((c) => c.created).length;
  log(`reports: ${fresh} filed, ${Object.keys(cases).length - fresh} already there from an earlier run`);

  /** Opens the case as `by` (an audited view, like the case page) and returns it with its ETag. */
  async function openCase(name: ReportName, by: DemoUser) {
    const res = await api.expect(200, 'GET', `/api/v1/cases/${cases[name].caseNumber}`, { as: by });
    return {
      view: res.body.case as CaseView,
      timeline: res.body.timeline as { type: string }[],
      etag: res.etag,
    };
  }

  /** Takes each step the case has not got past yet; a case moved on by hand is left alone. */
  async function advance(name: ReportName, steps: Step[]): Promise<boolean> {
    const cn = cases[name].caseNumber;
    for (const step of steps) {
      // A 412 means the case changed between reading and writing (the stream consumer may append
      // to it too): read it again and retry, as the case page would.
      for (let attempt = 1; ; attempt++) {
        const { view, etag } = await openCase(name, step.by);
        if (step.done(view)) break;
        const res = await api.request('POST', `/api/v1/cases/${cn}/transitions`, {
          as: step.by,
          body: step.request,
          headers: { 'if-match': etag ?? '' },
        });
        if (res.status === 200) break;
        if (res.status === 412 && attempt < 5) continue;
        const why = describeFailure('POST', `/api/v1/cases/${cn}/transitions`, step.by, res);
        if (cases[name].created) throw new DemoError(`${name}: ${step.request.action} refused — ${why}`);
        skipped.push(
          `${cn} (${name}): status ${view.status}, ${step.request.action} not possible — left as it is`,
        );
        return false;
      }
    }
    return true;
  }

  const accept = (by: DemoUser): Step => ({
    by,
    request: { action: 'accept', note: '已受理，安排核查。' },
    done: (c) => c.status !== 'assigned',
  });
  const startVerification = (by: DemoUser): Step => ({
    by,
    request: { action: 'start_verification', note: '安排两名执法人员现场核查。' },
    done: (c) => !['assigned', 'accepted'].includes(c.status),
  });
  const substantiate = (by: DemoUser, conclusion: string): Step => ({
    by,
    request: { action: 'substantiate', conclusion },
    done: (c) => Boolean(c.conclusion),
  });

  /** The reward the stream consumer opens after a substantiation, as `by` sees it (with its ETag). */
  async function rewardOf(name: ReportName, by: DemoUser) {
    const cn = cases[name].caseNumber;
    return until(`the reward of ${cn} to be opened (stream consumer)`, async () => {
      const res = await api.request('GET', `/api/v1/cases/${cn}/reward`, { as: by });
      if (res.status === 404) return undefined;
      if (res.status !== 200)
        throw new DemoError(describeFailure('GET', `/api/v1/cases/${cn}/reward`, by, res));
      return { reward: res.body.reward as { status: string; amountYuan?: number }, etag: res.etag ?? '' };
    });
  }

  /** The county's penalty decision on a substantiated case; the engine calculates at once. */
  async function recordPenalty(name: ReportName, by: DemoUser, unitYuan: number, decisionNo: string) {
    const { reward, etag } = await rewardOf(name, by);
    if (reward.status !== 'awaiting_facts') return reward;
    const res = await api.expect(200, 'PUT', `/api/v1/cases/${cases[name].caseNumber}/reward/facts`, {
      as: by,
      headers: { 'if-match': etag },
      body: {
        category: 'major_hazard',
        alreadyKnownToAuthority: false,
        penalty: { totalYuan: unitYuan, unitYuan, individualsYuan: 0, confiscatedYuan: 0, decisionNo },
      },
    });
    return res.body.reward as { status: string; amountYuan?: number };
  }

  const flows: Record<string, () => Promise<void>> = {
    // Address only: the place matcher routes it to 神垕镇 once it is stored.
    async addressRouted() {
      const { caseNumber, accessKey } = cases.addressRouted;
      await until(`${caseNumber} to be routed by the place matcher`, async () => {
        const res = await api.expect(200, 'GET', `/api/v1/reports/${caseNumber}`, {
          headers: { 'x-access-key': accessKey },
        });
        return res.body.status === 'triage' ? undefined : true;
      });
    },
    // 陈庄 is seven villages in Xuchang: the matcher notes the candidates and leaves it to the operator.
    async triage() {
      const { caseNumber } = cases.triage;
      await until(`${caseNumber} to be looked at by the place matcher`, async () => {
        const res = await api.expect(200, 'GET', '/local/outbox');
        const entries = (res.body.entries ?? []) as { kind: string; caseNumber: string }[];
        return entries.some((e) => e.kind === 'triage_needed' && e.caseNumber === caseNumber)
          ? true
          : undefined;
      });
    },
    // Accepted and under verification; the officer asks the custodian for the reporter's identity
    // and asks the reporter a question on the follow-up page.
    async verifying() {
      if (!(await advance('verifying', [accept(officerLingjing), startVerification(officerLingjing)])))
        return;
      const cn = cases.verifying.caseNumber;
      const { timeline } = await openCase('verifying', officerLingjing);
      if (!timeline.some((e) => e.type === 'identity_requested'))
        await api.expect(201, 'POST', `/api/v1/cases/${cn}/identity-requests`, {
          as: officerLingjing,
          body: { reason: '现场核查需联系举报人确认漏气储罐的具体位置，并请其到场指认。' },
        });
      await api.expect(201, 'POST', `/api/v1/cases/${cn}/messages`, {
        as: officerLingjing,
        headers: { 'idempotency-key': `${KEY_PREFIX}-verifying-question` },
        body: { text: '您好，我们已到现场核查。请问漏气的是几号储罐？如方便，请通过本页补充照片。' },
      });
    },
    // Substantiated, rectification ordered, listed for supervision (挂牌督办) with a public name;
    // its reward waits for the county's facts.
    async rectifying() {
      const ok = await advance('rectifying', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(
          officerLingjing,
          '经现场核查，熔炼炉地坑积水属实，存在铁水遇水爆炸风险，构成重大事故隐患。',
        ),
        {
          by: officerLingjing,
          request: {
            action: 'order_rectification',
            order: '立即停止熔炼作业，排干地坑积水并做防渗处理，整改完成前不得恢复生产。',
            deadline: shanghaiDay(30),
          },
          done: (c) => Boolean(c.rectification),
        },
        {
          by: supervisorJianan,
          request: {
            action: 'list_for_supervision',
            deadline: shanghaiDay(90),
            publicName: PUBLIC_NAME,
            note: '区应急管理局挂牌督办，每周报告整改进度。',
          },
          done: (c) => Boolean(c.supervision),
        },
      ]);
      if (!ok) return;
      await until(`the listed hazard on /public`, async () => {
        const res = await api.expect(200, 'GET', '/public');
        return res.text.includes(PUBLIC_NAME) ? true : undefined;
      });
      await rewardOf('rectifying', supervisorJianan);
    },
    // Not substantiated and closed with feedback: the reporter may object for 10 days.
    async closed() {
      await advance('closed', [
        accept(officerShenhou),
        startVerification(officerShenhou),
        {
          by: officerShenhou,
          request: {
            action: 'unsubstantiate',
            conclusion: '现场核查：配电箱已加装箱门并重新布线，车间地面无积水，未发现触电隐患。',
          },
          done: (c) => Boolean(c.conclusion),
        },
        {
          by: officerShenhou,
          request: {
            action: 'close',
            feedback:
              '感谢您的举报。经镇安监站现场核查，该厂已对配电箱加装箱门、重新规范布线，车间排水已疏通，举报所述隐患已不存在。如对结论有异议，可在10日内提出。',
          },
          done: (c) => c.status === 'closed',
        },
      ]);
    },
    // Substantiated in 禹州市: the reward waits for 赵监's facts.
    async rewardFacts() {
      const ok = await advance('rewardFacts', [
        accept(officerShenhou),
        startVerification(officerShenhou),
        substantiate(
          officerShenhou,
          '核查属实：该矿在封闭巷道违法组织采煤，遮蔽瓦斯检测仪，已责令停产并立案调查。',
        ),
      ]);
      if (ok) await rewardOf('rewardFacts', supervisorYuzhou);
    },
    // Facts recorded by 张督 (a penalty decision): calculated, waiting for finance.
    async rewardApprove() {
      const ok = await advance('rewardApprove', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(officerLingjing, '核查属实：罐车超载、年检过期，已扣车并立案处罚。'),
      ]);
      if (ok) await recordPenalty('rewardApprove', supervisorJianan, 60_000, '许建应急罚〔2026〕21号');
    },
    // Facts by 张督, approved by 吴复 (not who recorded the facts): the award notice is out.
    async rewardNotified() {
      const ok = await advance('rewardNotified', [
        accept(officerLingjing),
        startVerification(officerLingjing),
        substantiate(officerLingjing, '核查属实：仓库超量储存烟花爆竹并违规住人，已查封并立案处罚。'),
      ]);
      if (!ok) return;
      const reward = await recordPenalty(
        'rewardNotified',
        supervisorJianan,
        100_000,
        '许建应急罚〔2026〕17号',
      );
      if (reward.status !== 'calculated') return;
      const { etag } = await rewardOf('rewardNotified', financeReview);
      await api.expect(200, 'POST', `/api/v1/cases/${cases.rewardNotified.caseNumber}/reward/decisions`, {
        as: financeReview,
        headers: { 'if-match': etag },
        body: { action: 'approve' },
      });
    },
  };
  const results = await Promise.allSettled(
    Object.entries(flows).map(async ([name, flow]) => {
      await flow();
      log(`${name}: done`);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  // 2. The SMS conversation: a text opens a report, a second one adds to it.
  const sms: DemoResult['sms'] = { number: DEMO_SMS_NUMBER, outcomes: [] };
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
  log(`sms: ${sms.outcomes.join(', ')}`);

  return { cases, sms, skipped, publicName: PUBLIC_NAME, seconds: (Date.now() - started) / 1000 };
}

// ---------------------------------------------------------------------------------------------
// The command

/** What to look at, and as whom. */
export function summary(r: DemoResult, baseUrl: string): string {
  const c = r.cases;
  const n = (name: ReportName) => c[name].caseNumber;
  const name = (id: string) => user(id).name;
  const created = Object.values(c).filter((x) => x.created).length;
  const lines = [
    `Demo data is in ${baseUrl} (${r.seconds.toFixed(1)} s).`,
    created === Object.keys(c).length
      ? `Filed ${created} web reports and staged them through the workflow.`
      : `${Object.keys(c).length - created} of ${Object.keys(c).length} demo reports were already there (same Idempotency-Keys): nothing was duplicated, unfinished steps were completed.`,
    '',
    `Sign in at ${baseUrl}/staff as (paths below are under ${baseUrl}):`,
    `  ${name('officer-lingjing')}  /staff — new report ${n('freshLingjing')} to accept (受理), ${n('verifying')} under verification (a question to the reporter is out), ${n('rectifying')} rectification to confirm`,
    `  ${name('officer-shenhou')}  /staff — new reports ${n('freshShenhou')}, ${n('addressRouted')} (routed from its address)${r.sms.caseNumber ? ` and the SMS report ${r.sms.caseNumber}` : ' and the SMS report'}`,
    `  ${name('operator-xuchang')}  /staff — triage: ${n('triage')} (陈庄 is seven villages; the candidates are on its timeline)`,
    `  ${name('supervisor-jianan')}  /staff/rewards?stage=facts — record the penalty for ${n('rectifying')} (listed for supervision)`,
    `  ${name('supervisor-yuzhou')}  /staff/rewards?stage=facts — record the penalty for ${n('rewardFacts')}`,
    `  ${name('finance-xuchang')}  /staff/rewards?stage=approve — approve the reward of ${n('rewardApprove')}`,
    `  ${name('custodian-xuchang')}  /staff/identity-requests — ${name('officer-lingjing')} asks to see the reporter of ${n('verifying')}`,
    `  ${name('auditor-xuchang')}  /staff — every open case and its audit trail (npm run -s audit:verify -- ${n('rewardNotified')})`,
    '',
    `As the reporter, at ${baseUrl}/follow-up (case number + access key):`,
    `  award notified, claim it:      ${n('rewardNotified')}  ${c.rewardNotified.accessKey}`,
    `  closed with feedback (异议):    ${n('closed')}  ${c.closed.accessKey}`,
    `  staff asked a question:        ${n('verifying')}  ${c.verifying.accessKey}`,
    r.sms.caseNumber
      ? `  SMS report:                    ${r.sms.caseNumber}  ${r.sms.accessKey}  (phone: /local/sms?number=${encodeURIComponent(r.sms.number)})`
      : `  SMS conversation:              /local/sms?number=${encodeURIComponent(r.sms.number)}`,
    '',
    `Public page: ${baseUrl}/public lists ${r.publicName} (挂牌督办) and this month's counts. Staff notifications: /local/outbox.`,
  ];
  if (r.skipped.length)
    lines.push(
      '',
      'Left as they were (moved on by hand since the last run):',
      ...r.skipped.map((s) => `  ${s}`),
    );
  return lines.join('\n');
}

const USAGE = 'usage: npm run demo [-- --url http://localhost:3000]';

function parseArgs(argv: readonly string[]): { url: string } {
  let url = 'http://localhost:3000';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (arg === '--url' && argv[i + 1]) url = argv[++i]!;
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else {
      process.stderr.write(`unknown argument ${arg}\n${USAGE}\n`);
      process.exit(2);
    }
  }
  return { url: url.replace(/\/+$/, '') };
}

async function main() {
  const { url } = parseArgs(process.argv.slice(2));
  try {
    const result = await runDemo({ baseUrl: url, log: (line) => process.stderr.write(`  ${line}\n`) });
    process.stdout.write(`${summary(result, url)}\n`);
  } catch (err) {
    if (err instanceof ServerUnreachableError) {
      process.stderr.write(
        `No Chuishao server at ${url}: ${err.message}.\nStart it first with \`npm start\` (in another terminal), then run \`npm run demo\` again.\n`,
      );
    } else if (err instanceof DemoError) {
      process.stderr.write(`demo failed: ${err.message}\n`);
    } else throw err;
    process.exit(1);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
