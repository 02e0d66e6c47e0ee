import { simpleParser } from 'mailparser';
import { parseAuthenticationResults, verdictOfMx } from './sender-authentication';

const MX = ['mx.council.example.gov.uk'];

async function verdict(...results: string[]) {
  const raw = [
    ...results.map((r) => `Authentication-Results: ${r}`),
    'From: sam@police.example.org',
    'Subject: Re: update',
    '',
    'Status: on track',
  ].join('\r\n');
  return verdictOfMx(await simpleParser(raw), 'police.example.org', MX);
}

describe('the council MX verdict (Authentication-Results)', () => {
  it('reads the authserv-id and each result with its properties, comments and quotes dropped', () => {
    expect(
      parseAuthenticationResults(
        ' MX.council.example.gov.uk 1; dkim=pass (2048-bit key; unprotected) header.d=police.example.org header.s="sel"; spf=pass (sender (nested) ok) smtp.mailfrom=bounce@police.example.org;\r\n dmarc=PASS (p=REJECT) header.from=police.example.org',
      ),
    ).toEqual({
      authservId: 'mx.council.example.gov.uk',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'police.example.org', 'header.s': 'sel' } },
        { method: 'spf', result: 'pass', props: { 'smtp.mailfrom': 'bounce@police.example.org' } },
        { method: 'dmarc', result: 'pass', props: { 'header.from': 'police.example.org' } },
      ],
    });
    expect(parseAuthenticationResults('dmarc=pass header.from=police.example.org')).toBeNull();
  });

  it('passes DMARC for the From domain, or, without a DMARC policy, an aligned DKIM or SPF pass', async () => {
    expect(await verdict(`${MX[0]}; dmarc=pass header.from=police.example.org`)).toEqual({
      aligned: true,
      by: 'dmarc',
    });
    expect(await verdict(`${MX[0]}; dkim=pass header.d=mail.police.example.org; dmarc=none`)).toEqual({
      aligned: true,
      by: 'dkim',
    });
    expect(await verdict(`${MX[0]}; spf=pass smtp.mailfrom=police.example.org`)).toEqual({
      aligned: true,
      by: 'spf',
    });
  });

  it('fails DMARC for another domain, a failed policy, an unaligned pass, another host, or a verdict below the top', async () => {
    const refused = [
      await verdict(`${MX[0]}; dmarc=pass header.from=elsewhere.example.net`),
      await verdict(
        `${MX[0]}; dkim=pass header.d=police.example.org; dmarc=fail header.from=police.example.org`,
      ),
      await verdict(
        `${MX[0]}; dkim=pass header.d=elsewhere.example.net; spf=pass smtp.mailfrom=x@example.net`,
      ),
      await verdict(`mx.elsewhere.example.net; dmarc=pass header.from=police.example.org`),
      await verdict(
        `${MX[0]}; dmarc=fail header.from=police.example.org`,
        `${MX[0]}; dmarc=pass header.from=police.example.org`,
      ),
      await verdict(),
    ];
    expect(refused.map((v) => v.aligned)).toEqual([false, false, false, false, false, false]);
  });
});
