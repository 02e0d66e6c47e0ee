/**
 * The new part of an email reply: what the sender wrote above the quoted history, without signature.
 * Recognises the quoting of the clients leads use (see test/fixtures/inbound/): Outlook desktop's
 * "From: … Sent: …" block and "-----Original Message-----", Outlook on the web's rule and header block,
 * Gmail's and Apple Mail's "On … wrote:", forwarded chains, "> " quoting, "-- " signatures and the
 * phone clients' "Sent from my iPhone".
 */
export function newPartOf(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (startsHistory(lines, i) || isSignatureStart(line)) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.replace(/\u00a0/g, ' ').trimEnd());
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HISTORY_MARKERS = [
  /^\s*-{2,}\s*original message\s*-{2,}/i,
  /^\s*-{2,}\s*forwarded message\s*-{2,}/i,
  /^\s*begin forwarded message:/i,
  /^\s*_{10,}\s*$/,
  /^\s*-{20,}\s*$/, // an HTML reply's <hr> above the quoted message, as text
];

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i];
  if (HISTORY_MARKERS.some((marker) => marker.test(line))) return true;
  // Outlook: "From: Name <address>" then, within a few lines, "Sent:" or "Date:".
  if (/^\s*\*?from:\*?\s+\S/i.test(line)) {
    return lines.slice(i + 1, i + 5).some((next) => /^\s*\*?(sent|date):\*?\s/i.test(next));
  }
  // Gmail and Apple Mail: "On <date>, <name> wrote:", which clients may wrap over two lines.
  if (/^\s*on\s.{4,}/i.test(line)) {
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    return /\swrote:\s*$/i.test(line) || /\swrote:\s*$/i.test(joined);
  }
  return false;
}

/** A sign-off on its own line ("Kind regards,"): what follows is the sender's name and signature. */
const SIGN_OFF =
  /^\s*(kind regards|regards|best regards|warm regards|many thanks|thanks|thank you|best wishes|best|cheers|yours sincerely|yours faithfully)[\s,!.]*$/i;

function isSignatureStart(line: string): boolean {
  return (
    /^--\s?$/.test(line) ||
    SIGN_OFF.test(line) ||
    /^\s*(sent from my |sent from outlook for |get outlook for |sent from mail for windows|sent from yahoo mail)/i.test(
      line,
    )
  );
}
