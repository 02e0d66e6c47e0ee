import express from 'express';
import request from 'supertest';
import { WaymarkConfig } from '@waymark/config';
import { SessionCookie } from './session-cookie';

/** The Set-Cookie header a real Express response gets from SessionCookie.set. */
async function setCookieFor(publicBaseUrl: string): Promise<string> {
  const cookie = new SessionCookie({ PUBLIC_BASE_URL: publicBaseUrl } as WaymarkConfig);
  const app = express().get('/', (_req, res) => {
    cookie.set(res, { id: 'id', token: 'secret-value', expiresAt: new Date('2030-01-01T12:00:00Z') });
    res.end();
  });
  return (await request(app).get('/')).headers['set-cookie'][0];
}

describe('SessionCookie', () => {
  it('is __Host-, Secure, HTTP-only and SameSite=Lax over https', async () => {
    const header = await setCookieFor('https://waymark.council.example.org');
    expect(header).toBe(
      '__Host-waymark-console=secret-value; Path=/; Expires=Tue, 01 Jan 2030 12:00:00 GMT; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('drops Secure and the prefix on a local plain-http run, which the browser would refuse them on', async () => {
    const header = await setCookieFor('http://127.0.0.1:3000');
    expect(header).toBe(
      'waymark-console=secret-value; Path=/; Expires=Tue, 01 Jan 2030 12:00:00 GMT; HttpOnly; SameSite=Lax',
    );
  });
});
