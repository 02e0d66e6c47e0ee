import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import {
  recipientsOf,
  startMailCatcher,
  type CaughtMessageJson,
  type MailCatcherHandle,
} from './mail-catcher';
import { createTempDir, removeDir } from './temp-dir';

jest.setTimeout(30_000);

const quiet = () => undefined;

function transport(catcher: MailCatcherHandle) {
  return nodemailer.createTransport({ url: catcher.smtpUrl });
}

describe('startMailCatcher (real SMTP server + web inbox)', () => {
  let catcher: MailCatcherHandle;
  let storeDir: string | undefined;

  beforeEach(async () => {
    catcher = await startMailCatcher({ log: quiet });
  });
  afterEach(async () => {
    await catcher.stop();
    removeDir(storeDir);
    storeDir = undefined;
  });

  it('catches a message sent over SMTP and hands it to waitFor as soon as it arrives', async () => {
    const arrival = catcher.waitFor((m) => m.subject === 'Update needed: action DA-1.2', 5_000);
    await transport(catcher).sendMail({
      from: 'Waymark <noreply@waymark.test>',
      to: 'Sam.Lead@police.example',
      bcc: 'audit@council.example',
      subject: 'Update needed: action DA-1.2',
      text: 'Please answer at https://waymark.test/u/abc123.',
      html: '<p>Please answer <a href="https://waymark.test/u/abc123">here</a>.</p>',
      attachments: [{ filename: 'report.csv', content: 'a,b\n1,2\n' }],
    });
    const message = await arrival;
    expect(message).toMatchObject({
      from: 'Waymark <noreply@waymark.test>',
      fromAddress: 'noreply@waymark.test',
      to: ['Sam.Lead@police.example'],
      envelope: { from: 'noreply@waymark.test', to: ['Sam.Lead@police.example', 'audit@council.example'] },
      subject: 'Update needed: action DA-1.2',
      text: expect.stringContaining('https://waymark.test/u/abc123') as unknown,
      html: expect.stringContaining('<a href="https://waymark.test/u/abc123">') as unknown,
    });
    expect(message.messageId).toMatch(/^<.+@.+>$/);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0].content.toString()).toBe('a,b\n1,2\n');
    expect(catcher.raw(message.id)?.toString()).toContain('Subject: Update needed: action DA-1.2');
    expect(recipientsOf(message)).toEqual(['sam.lead@police.example', 'audit@council.example']);
  });

  it('serves the JSON API newest first, filters by recipient, and clears', async () => {
    const mailer = transport(catcher);
    await mailer.sendMail({ from: 'a@waymark.test', to: 'one@example.org', subject: 'first', text: '1' });
    await mailer.sendMail({
      from: 'a@waymark.test',
      to: 'two@example.org',
      cc: 'One@Example.org',
      subject: 'second',
      text: '2',
    });
    await mailer.sendMail({ from: 'a@waymark.test', to: 'three@example.org', subject: 'third', text: '3' });

    const all = (await (await fetch(`${catcher.inboxUrl}/api/messages`)).json()) as CaughtMessageJson[];
    expect(all.map((m) => m.subject)).toEqual(['third', 'second', 'first']);
    expect(all[0]).toMatchObject({ to: ['three@example.org'], text: '3\n' });
    expect(Object.keys(all[0])).toEqual(
      expect.arrayContaining(['id', 'from', 'to', 'subject', 'date', 'messageId', 'text', 'html']),
    );

    const toOne = (await (
      await fetch(`${catcher.inboxUrl}/api/messages?to=one@example.org`)
    ).json()) as CaughtMessageJson[];
    expect(toOne.map((m) => m.subject)).toEqual(['second', 'first']);

    const one = await fetch(`${catcher.inboxUrl}/api/messages/${all[1].id}`);
    expect(((await one.json()) as CaughtMessageJson).subject).toBe('second');
    expect((await fetch(`${catcher.inboxUrl}/api/messages/nope`)).status).toBe(404);

    expect((await fetch(`${catcher.inboxUrl}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${catcher.inboxUrl}/api/messages`)).json()).toEqual([]);
    expect(catcher.messages()).toEqual([]);
  });

  it('lists messages on the HTML inbox page, escaped, and shows a message with its HTML sandboxed', async () => {
    await transport(catcher).sendMail({
      from: '"Board <chair>" <chair@council.example>',
      to: 'coordinator@council.example',
      subject: 'Quarterly report <b>Q3</b> & more',
      text: 'See https://waymark.test/reports/q3',
      html: '<script>alert(1)</script><p>Report</p>',
    });
    const message = await catcher.waitFor(() => true, 5_000);

    const inbox = await fetch(`${catcher.inboxUrl}/`);
    expect(inbox.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await inbox.text();
    expect(page).toContain('Quarterly report &#60;b&#62;Q3&#60;/b&#62; &#38; more');
    expect(page).not.toContain('<b>Q3</b>');
    expect(page).toContain(`href="/messages/${message.id}"`);

    const detail = await (await fetch(`${catcher.inboxUrl}/messages/${message.id}`)).text();
    expect(detail).toContain(
      `<iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" src="/messages/${message.id}/html">`,
    );
    expect(detail).toContain('<a href="https://waymark.test/reports/q3"');
    expect(detail).not.toContain('<script>');

    const html = await fetch(`${catcher.inboxUrl}/messages/${message.id}/html`);
    expect(html.headers.get('content-security-policy')).toMatch(/sandbox/);
    const raw = await (await fetch(`${catcher.inboxUrl}/messages/${message.id}/raw`)).text();
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
  });

  it('rejects waitFor on timeout with a list of what did arrive', async () => {
    await transport(catcher).sendMail({
      from: 'a@waymark.test',
      to: 'x@example.org',
      subject: 'unrelated',
      text: '.',
    });
    await expect(catcher.waitFor((m) => m.subject === 'never sent', 300)).rejects.toThrow(
      /No matching message arrived within 300 ms\. 1 message\(s\) arrived, none matching:\n.*to x@example\.org: "unrelated"/,
    );
  });

  it('keeps messages as .eml files in storeDir and finds them again after a restart', async () => {
    await catcher.stop();
    storeDir = createTempDir('waymark-mail-spec');
    catcher = await startMailCatcher({ storeDir, log: quiet });
    await transport(catcher).sendMail({
      from: 'a@waymark.test',
      to: 'kept@example.org',
      subject: 'kept',
      text: 'still here',
    });
    const sent = await catcher.waitFor((m) => m.subject === 'kept', 5_000);
    expect(fs.existsSync(path.join(storeDir, `${sent.id}.eml`))).toBe(true);
    await catcher.stop();

    catcher = await startMailCatcher({ storeDir, log: quiet });
    expect(catcher.messages().map((m) => [m.id, m.subject, m.envelope.to])).toEqual([
      [sent.id, 'kept', ['kept@example.org']],
    ]);
    catcher.clear();
    expect(fs.readdirSync(storeDir)).toEqual([]);
  });
});
