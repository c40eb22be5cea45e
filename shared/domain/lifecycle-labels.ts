/**
 * Chinese and English names of the lifecycle's actions and request fields, for the consoles and
 * for the refusals the state machine gives (a person reads them, so never a code or field path).
 */
import type { Action } from './lifecycle/requests.ts';

export const ACTION_LABELS: Record<Action, { zh: string; en: string }> = {
  assign_township: { zh: '交办乡镇', en: 'Assign to a township' },
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  transfer: { zh: '移交', en: 'Transfer' },
  start_verification: { zh: '开始核查', en: 'Start verification' },
  record_findings: { zh: '记录核查情况', en: 'Record findings' },
  substantiate: { zh: '认定属实', en: 'Substantiate' },
  unsubstantiate: { zh: '认定不属实', en: 'Not substantiated' },
  order_rectification: { zh: '责令整改', en: 'Order rectification' },
  confirm_rectification: { zh: '确认整改完成', en: 'Confirm rectification' },
  close: { zh: '办结并反馈', en: 'Close with feedback' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  refuse_extension: { zh: '不批准延期', en: 'Refuse extension' },
  mark_duplicate: { zh: '标记为重复举报', en: 'Mark as duplicate' },
  list_for_supervision: { zh: '挂牌督办', en: 'List for supervision' },
  object: { zh: '提出异议', en: 'Object' },
  review_objection: { zh: '复核异议', en: 'Review objection' },
  request_recheck: { zh: '交村安全员复查', en: 'Ask the village coordinator to re-check' },
  record_recheck: { zh: '记录复查结果', en: 'Record the re-check' },
  reject_rectification: { zh: '整改不合格，重新限期', en: 'Reject rectification, set a new deadline' },
};

/** The fields of transition requests, as a form labels them. */
export const REQUEST_FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  action: { zh: '操作', en: 'action' },
  note: { zh: '备注', en: 'note' },
  reason: { zh: '理由', en: 'reason' },
  findings: { zh: '核查情况', en: 'findings' },
  conclusion: { zh: '核查结论', en: 'conclusion' },
  order: { zh: '整改要求', en: 'rectification order' },
  deadline: { zh: '期限', en: 'deadline' },
  feedback: { zh: '反馈举报人的内容', en: 'feedback to the reporter' },
  days: { zh: '延长天数', en: 'number of days' },
  ofCaseNumber: { zh: '首次举报的案件编号', en: 'case number of the first report' },
  townshipCode: { zh: '乡镇（街道）', en: 'township' },
  toTownshipCode: { zh: '移交到的乡镇（街道）', en: 'township to transfer to' },
  toDepartment: { zh: '移交部门', en: 'department' },
  publicName: { zh: '公示单位名称', en: 'unit name to publish' },
  upheld: { zh: '异议是否成立', en: 'whether the objection is upheld' },
  category: { zh: '举报类别', en: 'category' },
  actor: { zh: '工作人员账号', en: 'staff account' },
  now: { zh: '时间', en: 'time' },
  summary: { zh: '复查事项', en: 'what to re-check' },
  unitName: { zh: '单位名称', en: 'unit name' },
  villageCode: { zh: '村（社区）', en: 'village' },
  result: { zh: '复查结果', en: 'result' },
};

export const fieldLabel = (field: string) => REQUEST_FIELD_LABELS[field] ?? { zh: '填写内容', en: field };
