import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@waymark/config';
import { newTextOf } from './quoted-text';

/**
 * The pass rate on a public corpus of real replies (test/fixtures/replies/corpus: the test emails of
 * email-reply-parser, with the text their sender wrote beside each as `<name>.expected.txt`). A reply
 * passes when the new text read from it (above, between and below the quoted history, without
 * signature) is its expected text, spacing aside. The rate is reported in README.md and
 * docs/answering.md; this spec fails if it drops.
 */
const CORPUS = join(projectRoot(), 'test', 'fixtures', 'replies', 'corpus');
const PASSING_AT_LEAST = 85;

/** The replies whose quoting (header, signature) is in a language other than English. */
const OTHER_LANGUAGES = new Set([
  'email_7',
  'email_8',
  'email_9',
  'email_10',
  'email_11',
  'email_12',
  'email_13',
  'email_14',
  'email_16',
  'email_17',
  'email_custom_quote_header',
  'email_customer_quote_header_3',
  'email_danish_dash_separator',
  'email_finnish',
  'email_fr_multiline',
  'email_french_2',
  'email_french_dash_separator',
  'email_german',
  'email_german_2',
  'email_german_3',
  'email_german_outlook',
  'email_ios_outlook_fr',
  'email_italian',
  'email_norwegian_gmail',
  'email_portuguese',
  'email_russian',
  'email_tricky_5_mixed_languages',
]);

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const rate = (names: string[], failed: string[]) => {
  const passed = names.filter((name) => !failed.includes(name)).length;
  return `${passed} of ${names.length} (${Math.round((100 * passed) / names.length)}%)`;
};

describe('the reply corpus', () => {
  it(`reads at least ${PASSING_AT_LEAST} replies right`, () => {
    const names = readdirSync(CORPUS)
      .filter((file) => file.endsWith('.txt') && !file.endsWith('.expected.txt'))
      .map((file) => file.slice(0, -'.txt'.length));
    const failed = names.filter((name) => {
      const reply = readFileSync(join(CORPUS, `${name}.txt`), 'utf8');
      const expected = readFileSync(join(CORPUS, `${name}.expected.txt`), 'utf8');
      return squash(newTextOf(reply)) !== squash(expected);
    });
    const english = names.filter((name) => !OTHER_LANGUAGES.has(name));
    const other = names.filter((name) => OTHER_LANGUAGES.has(name));
    console.log(
      `Reply corpus read right: ${rate(names, failed)}; English ${rate(english, failed)}, other languages ${rate(other, failed)}. Wrong: ${failed.join(', ')}`,
    );
    expect(names.length - failed.length).toBeGreaterThanOrEqual(PASSING_AT_LEAST);
  });
});
