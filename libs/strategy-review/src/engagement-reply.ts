// An engagement contact's reply to the request email, read into answers. The new text of the reply (quoted
// request and signature already removed by the inbound reader) is split at numbered answers ("1. …",
// "2) …", "Q3: …", "Question 4 - …") matched to the activity's questions; a reply that does not follow the
// numbers is kept whole, as one response. Nothing the sender wrote is dropped except a greeting line before
// the first answer and a sign-off after the last.
import type { EngagementAnswer } from './engagement-requests';

/** The question a reply answers when it does not follow the numbers. */
export const WHOLE_REPLY = 'Response';

/** Lines longer than this are never taken for a numbered answer's start (bounded work on hostile input). */
const MARKER_SCAN = 200;
const MARKER = /^(?:q(?:uestion)?\s?)?(\d{1,2})\s?(?:[.):]|\s-)\s?/i;
const GREETING = /^(?:dear|hello|hi|good (?:morning|afternoon|evening))\b[^.!?]{0,60},?$/i;
const CLOSING = /^(?:thanks|thank you|many thanks|regards|kind regards|best wishes|best|cheers)[,.!]?$/i;
const NAME_LIKE = /^[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*){0,3}$/;

/**
 * The answers a reply gives: by number when it numbers them (an unknown number is kept under "Response"),
 * otherwise the whole reply as one answer (to the activity's only question, if it has one).
 */
export function readEngagementReply(text: string, questions: readonly string[]): EngagementAnswer[] {
  const lines = trimSignOff(text.replace(/\r\n?/g, '\n').split('\n'));
  const parts: Array<{ number: number | null; lines: string[] }> = [{ number: null, lines: [] }];
  for (const line of lines) {
    const match = line.length <= MARKER_SCAN ? MARKER.exec(line.trim()) : null;
    if (match) parts.push({ number: Number(match[1]), lines: [line.trim().slice(match[0].length)] });
    else parts[parts.length - 1].lines.push(line);
  }
  const numbered = parts.slice(1);
  const preamble = paragraph(parts[0].lines);
  if (!numbered.length) {
    if (!preamble) return [];
    return [{ question: questions.length === 1 ? questions[0] : WHOLE_REPLY, answer: preamble }];
  }
  const answers: EngagementAnswer[] = [];
  if (preamble && !GREETING.test(preamble)) answers.push({ question: WHOLE_REPLY, answer: preamble });
  for (const part of numbered) {
    const answer = paragraph(part.lines);
    if (!answer) continue;
    const question = part.number !== null ? questions[part.number - 1] : undefined;
    answers.push({
      question: question ?? WHOLE_REPLY,
      answer: question ? answer : `${part.number}. ${answer}`,
    });
  }
  return merge(answers);
}

/** Drops a closing ("Thanks,") and a name on its own as the reply's last lines. */
function trimSignOff(lines: string[]): string[] {
  const kept = [...lines];
  const last = () => kept[kept.length - 1]?.trim() ?? '';
  while (kept.length && !last()) kept.pop();
  const before = () => kept[kept.length - 2].trim();
  if (kept.length > 1 && NAME_LIKE.test(last()) && (!before() || CLOSING.test(before()))) kept.pop();
  while (kept.length && !last()) kept.pop();
  if (kept.length && CLOSING.test(last())) kept.pop();
  return kept;
}

const paragraph = (lines: string[]) => lines.join('\n').trim();

/** Two parts answering the same question are one answer, in the order written. */
function merge(answers: EngagementAnswer[]): EngagementAnswer[] {
  const merged: EngagementAnswer[] = [];
  for (const answer of answers) {
    const same = merged.find((a) => a.question === answer.question);
    if (same) same.answer = `${same.answer}\n\n${answer.answer}`;
    else merged.push({ ...answer });
  }
  return merged;
}
