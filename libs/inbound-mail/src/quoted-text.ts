import EmailReplyParser from 'email-reply-parser';

/**
 * The new text of an email reply: what the sender wrote above the quoted history and, apart, what they
 * wrote between and below quoted blocks (a reply written below the quote, Thunderbird's default, or
 * answers written between the quoted lines), without quoted headers, signatures or sign-offs.
 */
export interface ReplyText {
  /** Above the first quoted block or header ('' when the reply starts with the quote). */
  above: string;
  /** Between and below the quoted blocks, each stretch apart by a blank line ('' when none). */
  below: string;
}

/**
 * Quoted headers and signatures are recognised by email-reply-parser (a port of GitHub's parser, with
 * rules for about ten languages), asked about one short line at a time (with the two lines after it, for
 * headers wrapped over lines): run over a whole message, some of its patterns take time growing with the
 * square of the message's length or worse (16 s for a hostile 30 kB message), so Waymark walks the lines
 * itself, in one pass, and never asks about a line longer than MAX_HEADER_LINE.
 *
 * Waymark's own additions: Outlook's header blocks ("From: … Sent: …", in French "De : … Envoyé : …" and
 * German "Von: … Gesendet: …", with or without an address, and the rule Outlook on the web puts above
 * them), "On … wrote:" wrapped over up to four lines, with no space before "wrote" or no colon, or
 * written "---- On … wrote ----", a header made of a date and an address ending in ":", a line ending in
 * ":" with a date just above quoted lines (headers in languages the parser does not know), forwarded
 * messages; English sign-offs ("Thanks", "Kind regards") and a one-line "-Name" sign-off; "Sent from …"
 * read as a phone or app signature only when it is a short name ("Sent from TypeApp", "Sent from my Wiko
 * RIDGE FAB 4G"), never as a sentence ("Sent from my desk, …"); a line wrapped inside a `>` quote kept in
 * the quote. A Waymark email quoted without `>` (Outlook) ends at its closing lines ("Thank you," then
 * the partnership's name, "… Partnership"): text after them is new.
 */
export function replyTextOf(text: string): ReplyText {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd());
  const parts: Array<{ below: boolean; lines: string[] }> = [{ below: false, lines: [] }];
  // new: taking new text; signature: after a signature, until a quote; between: after a quoted block;
  // history: in a quoted message that is not `>`-quoted, until a Waymark email's closing line.
  let state: 'new' | 'signature' | 'between' | 'history' = 'new';
  // Whether a quote, or any new text, came before: a sign-off then closes a reply, not opens it.
  let quoted = false;
  let written = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (state === 'history') {
      if (closesWaymarkEmail(lines, i)) state = 'between';
      continue;
    }
    if (isQuoted(line)) {
      state = 'between';
      quoted = true;
      continue;
    }
    if (line.trim() === '') {
      if (state === 'new') parts[parts.length - 1].lines.push('');
      continue;
    }
    const wrapped = wrappedInQuote(lines, i);
    if (wrapped) {
      i += wrapped - 1;
      continue;
    }
    if (startsHistory(lines, i)) {
      quoted = true;
      const quote = quoteAfterHeader(lines, i);
      if (quote < 0) state = 'history';
      else {
        state = 'between';
        i = quote - 1;
      }
      continue;
    }
    if (state === 'signature') continue;
    if (startsSignature(lines, i, quoted || written)) {
      state = 'signature';
      continue;
    }
    if (state === 'between') {
      parts.push({ below: quoted, lines: [] });
      state = 'new';
    }
    parts[parts.length - 1].lines.push(line);
    written = true;
  }
  const texts = parts.map((part) => ({ below: part.below, text: tidy(part.lines) }));
  return {
    above: texts[0].below ? '' : texts[0].text,
    below: texts
      .slice(1)
      .map((part) => part.text)
      .filter(Boolean)
      .join('\n\n'),
  };
}

/** All the new text of a reply, above and below the quote (what a reply is recognised by when re-sent). */
export function newTextOf(text: string): string {
  const { above, below } = replyTextOf(text);
  return [above, below].filter(Boolean).join('\n\n');
}

/** Lines longer than this are never headers, signatures or sign-offs: the parser is never asked about them. */
const MAX_HEADER_LINE = 500;

const parser = new EmailReplyParser();

const isQuoted = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';

/**
 * The end of a Waymark email that asks for an answer (a request, a reminder, a confirmation): "Thank you,"
 * then the partnership's name, "<place> Domestic Abuse Partnership" or a name of its own ending "Partnership"
 * (the partnership's name alone also heads its HTML part).
 */
function closesWaymarkEmail(lines: string[], i: number): boolean {
  if (lines[i].length > MAX_HEADER_LINE || !/^[^<>:]*\bPartnership$/.test(lines[i].trim())) return false;
  let j = i - 1;
  while (j >= 0 && isBlank(lines[j])) j--;
  return j >= 0 && /^\s*thank you,?\s*$/i.test(lines[j]);
}

/**
 * A stretch of at most two lines directly between two quoted lines: a quoted line the sender's client
 * wrapped without its `>`. Returns how many lines it is (0 when it is not).
 */
function wrappedInQuote(lines: string[], i: number): number {
  if (i === 0 || !isQuoted(lines[i - 1])) return 0;
  for (let j = i + 1; j <= i + 2 && j < lines.length; j++) {
    if (isBlank(lines[j])) return 0;
    if (isQuoted(lines[j])) return j - i;
  }
  return 0;
}

/**
 * The first `>`-quoted line of the block a header at line i introduces (after the header's own wrapped
 * lines and any blank lines), or -1 when the quoted message below it is not `>`-quoted (Outlook).
 */
function quoteAfterHeader(lines: string[], i: number): number {
  let j = i + 1;
  while (j < lines.length && j <= i + 3 && !isBlank(lines[j]) && !isQuoted(lines[j])) j++;
  if (j < lines.length && isQuoted(lines[j])) return j;
  while (j < lines.length && isBlank(lines[j])) j++;
  return j < lines.length && isQuoted(lines[j]) ? j : -1;
}

const FORWARDED = [
  /^\s*-{2,}\s*(?:original message|forwarded message)\s*-{2,}/i,
  /^\s*begin forwarded message:/i,
];

/** Outlook's header block, English, French and German, maybe bold: a "From:" line, then "Sent:" or "Date:". */
const OUTLOOK_FROM = /^\s*\*?(?:from|de|von)\s?:\*?\s?\S/i;
const OUTLOOK_SENT = /^\s*\*?(?:sent|date|envoyé(?: le)?|gesendet|datum)\s?:/i;

/** "On <date>, <name> wrote:", "---- On … wrote ----", "…<address>wrote", joined over its wrapped lines. */
const ON_WROTE = /^\s*(?:-+\s*)?on\s.*wrote(?::|\s*-+)?$/i;
/** A date: 30.09.2017, 2017-11-24, 12/01/2026, or a year after a month or day. */
const DATE = /\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\b(?:19|20)\d\d\b/;
const ADDRESS = /[^\s<>@]@[^\s<>@.]+\.[^\s<>@]/;

/** True when line i starts the quoted history: a header, a forwarded message's marker, or the rule above a header. */
function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i];
  if (line.length > MAX_HEADER_LINE) return false;
  if (/^\s*(?:_{10,}|-{10,})\s*$/.test(line)) {
    let j = i + 1;
    while (j < lines.length && j <= i + 3 && isBlank(lines[j])) j++;
    return j < lines.length && !/^\s*[-_]+\s*$/.test(lines[j]) && startsHistory(lines, j);
  }
  return FORWARDED.some((marker) => marker.test(line)) || isHeader(lines, i) || parserSeesHeader(lines, i);
}

function isHeader(lines: string[], i: number): boolean {
  const line = lines[i];
  if (OUTLOOK_FROM.test(line))
    return lines
      .slice(i + 1, i + 5)
      .some((next) => next.length <= MAX_HEADER_LINE && OUTLOOK_SENT.test(next));
  if (/^\s*(?:-+\s*)?on\s/i.test(line)) {
    let joined = line;
    for (let j = i; j < i + 4 && j < lines.length; j++) {
      if (j > i) {
        if (isBlank(lines[j]) || isQuoted(lines[j]) || lines[j].length > MAX_HEADER_LINE) break;
        joined += ` ${lines[j].trim()}`;
      }
      if (ON_WROTE.test(joined)) return true;
    }
  }
  if (line.trimEnd().endsWith(':') && DATE.test(line))
    return ADDRESS.test(line) || (i + 1 < lines.length && isQuoted(lines[i + 1]));
  return false;
}

/** email-reply-parser's verdict: a quoted header starts at line i (with the lines after it, up to two). */
function parserSeesHeader(lines: string[], i: number): boolean {
  const window = [lines[i]];
  for (let j = i + 1; j < i + 3 && j < lines.length; j++) {
    if (isBlank(lines[j]) || lines[j].length > MAX_HEADER_LINE) break;
    window.push(lines[j]);
  }
  // Parsed below a blank line, as the parser finds headers; its first fragment is quoted when a header starts it.
  const first = parser
    .read(`\n${window.join('\n')}`)
    .getFragments()
    .find((fragment) => !fragment.isEmpty());
  return first?.isQuoted() ?? false;
}

/** English sign-offs on a line of their own (the parser knows "Regards", "Cheers" and "Best wishes"). */
const SIGN_OFF =
  /^\s*(?:kind regards|regards|best regards|warm regards|with thanks|many thanks|thanks again|thanks|thank you|best wishes|all the best|best|cheers|yours sincerely|yours faithfully|sincerely)[\s,.!]*(?:\p{Extended_Pictographic}[\s,.!]*)*$/iu;

/**
 * "Sent from my iPhone", "Sent from TypeApp<http://…>", "Sent from Yahoo Mail on Android": a phone's or
 * app's name (at most six words, maybe with its link), not a sentence ("Sent from my desk, as …").
 */
function isSentFrom(line: string): boolean {
  const start = /^\s*sent from\s/i.exec(line);
  if (!start) return false;
  let what = line.slice(start[0].length);
  const link = what.indexOf('<');
  if (link >= 0) {
    if (!/^<[^<>]*>\s*$/.test(what.slice(link))) return false;
    what = what.slice(0, link);
  }
  what = what.trim();
  return /^[^,;:!?]*$/.test(what) && !/\.\s/.test(what) && what.split(/\s+/).length <= 6;
}

/**
 * True when line i starts a signature: a separator, a sign-off after some text or a quote (a reply of
 * only "Thank you!" is the reply), a phone's or app's line, or what the parser knows.
 */
function startsSignature(lines: string[], i: number, afterText: boolean): boolean {
  const line = lines[i];
  if (line.length > MAX_HEADER_LINE) return false;
  if (/^\s*--\s*$/.test(line)) return true;
  // Other short rules sign off only when the signature follows at once ("__" then a list's footer, "—" then
  // a name); with a blank line after them, and "---" always, they are the sender's own (a Markdown rule, a
  // line between two actions' answers).
  if (/^\s*(?:[_=+]{2,4}|[—–]{1,5})\s*$/.test(line)) return !isBlank(lines[i + 1]) && !isQuoted(lines[i + 1]);
  if (/^\s*[-_=+—–]+\s*$/.test(line)) return /^\s*_{10,}\s*$/.test(line);
  if (SIGN_OFF.test(line)) return afterText;
  if (/^\s*sent from\s/i.test(line)) return isSentFrom(line);
  return parser
    .read(`x\n${line}`)
    .getFragments()
    .some((fragment) => fragment.isSignature());
}

/** A one-line "-Name" sign-off ("-Abhishek Kona", "- Jo"), dropped from the end of a stretch of new text. */
const NAME_SIGN_OFF = /^\s*-\s?\p{Lu}[\p{L}'’.]*(?:[ -]\p{Lu}[\p{L}'’.]*){0,2}\s*$/u;

/** A stretch's lines as text: without a closing "-Name", runs of blank lines made one, trimmed. */
function tidy(lines: string[]): string {
  const kept = [...lines];
  while (kept.length && isBlank(kept[kept.length - 1])) kept.pop();
  if (kept.length && NAME_SIGN_OFF.test(kept[kept.length - 1])) kept.pop();
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
