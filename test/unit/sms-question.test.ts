/** The receipt's follow-up question: its room, its wording, and the conversation reading the answer. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '#shared/domain/sms/commands.ts';
import { type ConversationState, decideConversation } from '#shared/domain/sms/conversation.ts';
import { parseSmsAnswer, smsQuestionFor } from '#shared/domain/sms/question.ts';
import {
  ADD_PHOTOS_HINT,
  fitsTwoSegments,
  MAX_RECEIPT,
  receiptQuestionRoom,
  replyAnswerRecorded,
  replyReportReceived,
} from '#shared/domain/sms/replies.ts';
import { questionnaire } from '#shared/questionnaire.ts';

const CASE = '20261127-482913';
const KEY = '1234567890123456';
const NOW = new Date('2026-11-27T02:00:00Z');

function receiptWithQuestion(townshipName?: string) {
  const receipt = { caseNumber: CASE, accessKey: KEY, ...(townshipName ? { townshipName } : {}) };
  const question = smsQuestionFor(questionnaire, 'general_hazard', receiptQuestionRoom(receipt));
  return {
    question,
    reply: replyReportReceived({ ...receipt, ...(question ? { question: question.text } : {}) }),
  };
}

describe('the receipt with a follow-up question', () => {
  it('asks the hazard type, options numbered, within the receipt limit', () => {
    const { question, reply } = receiptWithQuestion('神垕镇');
    expect(question?.questionId).toBe('hazardType');
    expect(reply).toContain('已转神垕镇办理');
    expect(reply).toContain('1火灾2用电3有限空间');
    expect(reply).toContain('11其他');
    expect(reply).toContain('1234 5678 9012 3456');
    expect(reply.length).toBeLessThanOrEqual(MAX_RECEIPT);
  });

  it('leaves the question out when the township name leaves no room, and keeps the how-to lines', () => {
    const { question, reply } = receiptWithQuestion('某某某某某某蒙古族回族满族乡');
    expect(question).toBeNull();
    expect(reply).toContain(ADD_PHOTOS_HINT);
    expect(fitsTwoSegments(reply)).toBe(true);
  });

  it('asks nothing but the township when the place is unknown', () => {
    expect(receiptQuestionRoom({ caseNumber: CASE, accessKey: KEY })).toBe(0);
    const { question, reply } = receiptWithQuestion();
    expect(question).toBeNull();
    expect(reply).toContain('乡镇');
  });

  it('never sends a question that would not fit whole', () => {
    const reply = replyReportReceived({
      caseNumber: CASE,
      accessKey: KEY,
      townshipName: '神垕镇',
      question: '问'.repeat(200),
    });
    expect(reply).not.toContain('问');
    expect(reply).toContain(ADD_PHOTOS_HINT);
  });

  it('the answer reply names the answer and carries the photo hint', () => {
    const reply = replyAnswerRecorded({ caseNumber: CASE, label: '用电' });
    expect(reply).toContain('用电');
    expect(reply).toContain(CASE);
    expect(reply).toContain(ADD_PHOTOS_HINT);
    expect(
      fitsTwoSegments(replyAnswerRecorded({ caseNumber: '😀'.repeat(99), label: '答'.repeat(99) })),
    ).toBe(true);
  });
});

describe('the conversation reads the answer', () => {
  const asked: ConversationState = {
    optedOut: false,
    reportsToday: 1,
    openCaseNumber: CASE,
    pendingQuestion: { caseNumber: CASE, questionId: 'hazardType' },
  };
  const options = {
    answerOf: (questionId: string, text: string) =>
      parseSmsAnswer(questionnaire, 'general_hazard', text, questionId),
  };

  it('a bare option number or the option words answer the pending question', () => {
    for (const [body, value] of [
      ['2', 'electrical'],
      ['９。', 'gas'],
      ['火灾', 'fire'],
    ] as const) {
      const d = decideConversation(asked, parseCommand(body), NOW, options);
      expect(d.action, body).toBe('answer_question');
      if (d.action === 'answer_question') {
        expect(d.caseNumber).toBe(CASE);
        expect(d.answer).toMatchObject({ questionId: 'hazardType', value });
      }
    }
  });

  it('any other text is appended to the open case', () => {
    for (const body of ['12', '3号车间又起火了', '现场有人受伤'])
      expect(decideConversation(asked, parseCommand(body), NOW, options).action, body).toBe('append_to_case');
  });

  it('a question asked for another case is not answered on this one', () => {
    const other = { ...asked, pendingQuestion: { caseNumber: '20261101-000001', questionId: 'hazardType' } };
    expect(decideConversation(other, parseCommand('2'), NOW, options).action).toBe('append_to_case');
  });

  it('a broken answer lookup never loses the text', () => {
    const broken = {
      answerOf: () => {
        throw new Error('boom');
      },
    };
    expect(decideConversation(asked, parseCommand('2'), NOW, broken).action).toBe('append_to_case');
  });
});
