/**
 * The demo's story: the fixed texts citizens file and send. They are data, kept apart from the
 * code that files them, because their Idempotency-Keys and message ids make a re-run replay them:
 * a changed body needs a new KEY_PREFIX, and that is easiest to see when the texts stand alone.
 */

const LINGJING = { countyCode: '411003', townshipCode: '411003106' } as const; // 建安区灵井镇
const SHENHOU = { countyCode: '411081', townshipCode: '411081103' } as const; // 禹州市神垕镇
/** A made-up mainland number for the SMS conversation (never a real subscriber's). */
export const DEMO_SMS_NUMBER = '+8613800000001';
/** Bump when a report body below changes: the server refuses a known key with another body (422). */
export const KEY_PREFIX = 'chuishao-demo-v1';
/** The unit name the county publishes for the listed hazard (never the reporter's wording). */
export const PUBLIC_NAME = '许昌金鑫铸造有限公司';

// ---------------------------------------------------------------------------------------------
// The demo reports (web channel). Fixed bodies: their Idempotency-Keys make re-runs replay them.

type ReportBody = Record<string, unknown>;

export const REPORTS = {
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

export type ReportName = keyof typeof REPORTS;

/** The two texts of the SMS conversation (fixed message ids: a re-run is a duplicate, not a new case). */
export const SMS_TEXTS = [
  {
    id: `${KEY_PREFIX}-sms-1`,
    text: '禹州市神垕镇刘家门村有个陶瓷厂用煤气烧窑，煤气管道接头漏气，屋里一股味，工人都不敢说。',
  },
  { id: `${KEY_PREFIX}-sms-2`, text: '另外他们晚上把窑门封死，窑工就睡在窑旁边的棚子里。' },
];
