/**
 * The JSON report the intake bench files, shared with the evidence bench so that its no-file
 * baseline is the same request as the intake bench's.
 */

/** A valid report with a reporter identity; distinct text per request. */
export function reportBody(i: number): string {
  return JSON.stringify({
    category: 'major_hazard',
    description: `基准测试第 ${i} 号举报：某化工厂夜间违规动火作业，无人监护，现场堆放易燃物。`,
    unitName: '某某化工有限公司',
    occurredAt: '2026-11-20',
    location: { countyCode: '411081', townshipCode: '411081001', address: `颍川街道某路 ${i % 1000} 号` },
    reporter: { name: '王某某', phone: `139${String(i).padStart(8, '0')}`, isEmployeeOfUnit: true },
  });
}
