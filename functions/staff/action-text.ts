/**
 * The words of the lifecycle action forms: which actions end a case (and so need a confirmation),
 * one line per action saying what it does, and the forms' labels and hints in Chinese and English.
 * Apart from the form markup (action-forms.tsx, action-fields.tsx) so the wording is read in one
 * place.
 */
import type { Action } from '#shared/domain/lifecycle/index.ts';

/** Actions that end the case's handling: a red button and a confirmation box. */
export const DESTRUCTIVE: ReadonlySet<Action> = new Set(['reject', 'close', 'mark_duplicate']);

/** What each action does, in one line, shown under its name. */
export const ACTION_EXPLAIN: Record<Action, { zh: string; en: string }> = {
  assign_township: {
    zh: '交给负责该地的乡镇（街道）办理，乡镇的受理期限从此刻起算。',
    en: 'Send the case to the township responsible; its time to accept starts now.',
  },
  accept: {
    zh: '确认属本乡镇职责并开始办理，核查处理期限从受理起算。',
    en: 'Take the case on; the time to verify and handle starts now.',
  },
  reject: {
    zh: '不属于安全生产举报或无法核查时使用；理由告知举报人，案件就此结束。',
    en: 'For reports outside work safety or impossible to verify; the reporter is told why and the case ends.',
  },
  transfer: {
    zh: '不归本乡镇管时移交给其他乡镇或有关部门；理由告知举报人。',
    en: 'Hand the case to another township or a department; the reporter is told why.',
  },
  start_verification: {
    zh: '开始现场核查；举报人会看到“核查中”。',
    en: 'Start verifying on site; the reporter sees “being verified”.',
  },
  record_findings: {
    zh: '记录现场核查情况，仅工作人员可见，可以多次记录。',
    en: 'Record what verification found; staff only; may be recorded several times.',
  },
  substantiate: {
    zh: '认定举报属实；结论在办结时随反馈告知举报人。',
    en: 'Conclude the report is true; the reporter gets the conclusion with the feedback at closing.',
  },
  unsubstantiate: {
    zh: '认定举报不属实；结论在办结时随反馈告知举报人。',
    en: 'Conclude the report is not true; the reporter gets the conclusion with the feedback at closing.',
  },
  order_rectification: {
    zh: '责令被举报单位在期限内整改，整改期限以此为准。',
    en: 'Order the unit to rectify by a date; that date becomes the deadline.',
  },
  confirm_rectification: {
    zh: '复查确认整改完成后使用，之后即可办结。',
    en: 'Use after checking the rectification is done; the case can then be closed.',
  },
  close: {
    zh: '把处理结果反馈举报人并结束办理；举报人可在 10 日内提出异议。',
    en: 'Send the outcome to the reporter and end handling; they may object within 10 days.',
  },
  request_extension: {
    zh: '确实不能按期办结时，向县级申请延期一次（最长 30 日）。',
    en: 'Ask the county once for more time (at most 30 days) when handling cannot finish in time.',
  },
  approve_extension: {
    zh: '同意乡镇的延期申请，核查处理期限相应延长；理由告知举报人。',
    en: "Grant the township's extension; the deadline moves and the reporter is told why.",
  },
  refuse_extension: {
    zh: '不同意延期，原期限不变；理由仅工作人员可见。',
    en: 'Refuse the extension; the deadline stays; the reason is for staff only.',
  },
  mark_duplicate: {
    zh: '与已有举报是同一件事时使用；本案结束并指向首次举报。',
    en: 'Use when an earlier report covers the same matter; this case ends and points to it.',
  },
  list_for_supervision: {
    zh: '对重大事故隐患挂牌督办，并在公示页公布。',
    en: 'List a major hazard for county supervision and publish it on the public page.',
  },
  object: {
    zh: '举报人对处理结论提出异议。',
    en: 'The reporter objects to the conclusion.',
  },
  review_objection: {
    zh: '由未参与核查的人员复核举报人的异议；成立则重新核查。',
    en: "Review the reporter's objection (not by anyone who verified); upheld reopens verification.",
  },
  request_recheck: {
    zh: '请本乡镇的村安全员到现场复查整改情况；村安全员只看到您写的隐患情况和单位名称。',
    en: 'Ask a village coordinator of the township to re-check on site; they see only what you write here and the unit.',
  },
  record_recheck: {
    zh: '村安全员记录现场复查结果，由乡镇据此确认或认定整改不合格。',
    en: 'The village coordinator records the re-check; the township then confirms or rejects the rectification.',
  },
  reject_rectification: {
    zh: '整改未到位时使用：说明理由并定新的整改期限，期限以此为准。',
    en: 'When the rectification falls short: give the reason and a new deadline, which becomes the deadline.',
  },
};

/** Labels, hints and messages of the action forms. */
export const FORM_TEXT = {
  zh: {
    note: '备注（选填，仅工作人员可见）',
    reason: '理由',
    reasonToReporter: '理由（将告知举报人）',
    reasonStaff: '理由（仅工作人员可见）',
    findings: '核查情况',
    conclusion: '核查结论',
    order: '整改要求',
    deadline: '整改期限',
    supervisionDeadline: '督办期限',
    feedback: '反馈举报人的内容',
    days: '延长天数（1–30）',
    of: '首次举报的案件编号',
    upheld: '异议成立，重新核查',
    county: '县（市、区）',
    township: '乡镇（街道）',
    chooseCounty: '全部县（市、区）',
    chooseTownship: '请选择乡镇（街道）',
    department: '或移交部门（填写部门则不选乡镇）',
    publicName: '公示单位名称',
    publicNameHint: '将显示在公示页上。请填写核实后的单位名称，不要照抄举报内容；不填则显示为“未具名单位”。',
    confirm: (label: string) => `我已核对，确认${label}`,
    candidates: '地名匹配到的乡镇（点一下即交办）',
    noCandidates: '地址中没有找到能确定乡镇的地名，请从下面的列表选择。',
    assignTo: (name: string) => `交办${name}`,
    or: '或从列表中选择：',
    none: '您的岗位现在没有可以对本案执行的操作。',
  },
  en: {
    note: 'Note (optional, staff only)',
    reason: 'Reason',
    reasonToReporter: 'Reason (the reporter is told)',
    reasonStaff: 'Reason (staff only)',
    findings: 'Findings',
    conclusion: 'Conclusion',
    order: 'What must be rectified',
    deadline: 'Rectify by',
    supervisionDeadline: 'Supervision deadline',
    feedback: 'Feedback to the reporter',
    days: 'Extra days (1–30)',
    of: 'Case number of the first report',
    upheld: 'Objection upheld: verify again',
    county: 'County',
    township: 'Township',
    chooseCounty: 'All counties',
    chooseTownship: 'Choose a township',
    department: 'or department (instead of a township)',
    publicName: 'Unit name to publish',
    publicNameHint:
      'Shown on the public page. Enter the verified name of the unit, not the report’s wording; left empty it shows as unnamed.',
    confirm: (label: string) => `I have checked: ${label.toLowerCase()}`,
    candidates: 'Townships found in the address (one click assigns)',
    noCandidates: 'No place name in the address settles the township; choose from the lists below.',
    assignTo: (name: string) => `Assign to ${name}`,
    or: 'Or choose from the lists:',
    none: 'Your role has nothing to do on this case now.',
  },
};
