// The lead's update form over HTTP (supertest, multipart as browsers send it) against the running API,
// real PostgreSQL and SMTP: evidence and figures recorded with the update or not at all, upload limits
// answered with the form and its errors, the confirmation page and email, and links that no longer work.
import { request as httpRequest } from 'node:http';
import { UpdateRequestsService } from '@waymark/update-requests';
import { runHousekeeping } from '../support/housekeeping';
import { waymarkSuite } from '../support/suite';
import { evidenceFixture, openLeadRequest } from './lead-form-fixtures';

const MAX_FILE_BYTES = 64 * 1024;

/**
 * Starts a multipart POST of `total` bytes, sends only `first` of them and holds the rest back: resolves with
 * what comes back before the body is complete, rejects when nothing does within 3 s (the server is waiting to
 * read the rest).
 */
function answeredBeforeBodyEnds(url: string, first: Buffer, total: number) {
  return new Promise<{ status: number; text: string; connection: string | undefined }>((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b0undary', 'content-length': total },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('No answer before the body was complete: the server was reading it'));
    }, 3000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          connection: res.headers.connection,
        });
      });
    });
    req.on('error', () => undefined); // the socket closed under the unsent body
    req.write(first);
  });
}

/** The start of a multipart body: one text field, `size` bytes of it. */
const fieldPart = (name: string, size: number) =>
  Buffer.concat([
    Buffer.from(`--b0undary\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`),
    Buffer.alloc(size, 'a'),
  ]);

describe('the update form: evidence, figures and confirmation', () => {
  const suite = waymarkSuite({ EVIDENCE_MAX_FILE_BYTES: String(MAX_FILE_BYTES), EVIDENCE_MAX_FILES: '2' });
  const counts = async (actionId: string) => {
    const { prisma } = suite.waymark;
    return {
      updates: await prisma.update.count({ where: { actionId } }),
      evidence: await prisma.evidence.count({ where: { actionId } }),
      values: await prisma.kpiValue.count({ where: { kpi: { actions: { some: { actionId } } } } }),
    };
  };
  const answer = (token: string) =>
    suite
      .http()
      .post(`/u/${token}`)
      .field('status', 'AT_RISK')
      .field('percentComplete', '60')
      .field('commentary', 'Three of five teams trained; venue lost for the fourth.')
      .field('blockers', '');

  it('asks for the figures of the lead’s own and unowned KPIs only, with evidence fields', async () => {
    const { token } = await openLeadRequest(suite, 'F1');
    const page = await suite.http().get(`/u/${token}`).expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    // Ordered by KPI code: F1-SATISFIED is kpi-0, F1-TRAINED kpi-1.
    expect(page.text).toMatch(/Staff rating the training good \(Quarter[\s\S]*Staff trained \(Quarter/);
    expect(page.text).not.toContain('Referrals from trained staff');
    expect(page.text).not.toContain('Referrals per trained officer');
    expect(page.text).toContain('class="govuk-file-upload"');
    expect(page.text).not.toContain('Already received');
    expect(page.text).toContain('Up to 2 files, each smaller than 64 KB');
    // The file input is the form's last field, so a broken upload keeps every other field.
    expect(page.text.lastIndexOf('name="evidenceFiles"')).toBeGreaterThan(
      page.text.lastIndexOf('name="kpi-'),
    );
  });

  it('records the update, its figures and evidence together, and confirms them once by page and email', async () => {
    const { token, action, kpis, request } = await openLeadRequest(suite, 'F2');
    const pdf = evidenceFixture('training-attendance.pdf');
    const sent = await answer(token)
      .field('kpi-0-value', '')
      .field('kpi-1-value', '120')
      .field('evidenceLinks', 'https://intranet.example.org/training\r\n')
      .attach('evidenceFiles', pdf, { filename: '../attendance.pdf', contentType: 'image/gif' })
      .expect(303);
    expect(sent.headers.location).toBe(`/u/${token}/confirmation`);

    const { prisma } = suite.waymark;
    const update = await prisma.update.findFirstOrThrow({ where: { actionId: action.id } });
    expect(update).toMatchObject({ status: 'AT_RISK', percentComplete: 60 });
    const evidence = await prisma.evidence.findMany({
      where: { updateId: update.id },
      orderBy: { kind: 'asc' },
    });
    expect(evidence).toEqual([
      expect.objectContaining({
        kind: 'FILE',
        fileName: 'attendance.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
      }),
      expect.objectContaining({ kind: 'LINK', url: 'https://intranet.example.org/training' }),
    ]);
    const stored = await prisma.evidenceFile.findUniqueOrThrow({ where: { sha256: evidence[0].sha256! } });
    expect(Buffer.from(stored.content).equals(pdf)).toBe(true);
    const values = await prisma.kpiValue.findMany({ where: { kpiId: { in: kpis.map((k) => k.id) } } });
    expect(values).toEqual([
      expect.objectContaining({ kpiId: kpis[0].id, enteredBy: suite.fixture.lead.id }),
    ]);
    expect(values[0].value?.toNumber()).toBe(120);

    const page = await suite.http().get(`/u/${token}/confirmation`).expect(200);
    for (const text of [
      'Update received',
      'At risk',
      '60%',
      'Staff trained (Quarter',
      '120',
      'attendance.pdf (PDF',
      'https://intranet.example.org/training',
    ]) {
      expect(page.text).toContain(text);
    }

    // Coming back to revise, the lead sees what was already received, so they need not send it again.
    const revising = await suite.http().get(`/u/${token}`).expect(200);
    expect(revising.text).toContain('Already received with your earlier answer this period');
    expect(revising.text).toContain('attendance.pdf (PDF');
    expect(revising.text).toContain('Link: https://intranet.example.org/training');

    const email = await suite.catcher.waitFor((m) => m.subject === `Update received: F2 ${action.title}`);
    expect(email.to).toContain(suite.fixture.lead.email);
    for (const body of [email.html, email.text ?? '']) {
      expect(body).toContain('attendance.pdf');
      expect(body).toContain('120');
      expect(body).toMatch(/not include personal information about victims/i);
    }
    const outbox = await prisma.outboundEmail.findMany({ where: { updateRequestId: request.id } });
    expect(outbox.map((o) => o.idempotencyKey)).toEqual([`update/${update.id}/confirmation`]);

    // A confirmation that never went (SMTP down, a crash after recording) is sent by the next
    // housekeeping run, once, however many runs follow.
    await prisma.outboundEmail.deleteMany({ where: { updateRequestId: request.id } });
    await prisma.update.update({
      where: { id: update.id },
      data: { submittedAt: new Date(Date.now() - 2 * 60 * 1000) },
    });
    // (Other test files share the database: count this update's emails, not the runs' totals.)
    const confirmations = () =>
      suite.catcher.messages().filter((m) => m.subject === `Update received: F2 ${action.title}`);
    expect((await runHousekeeping(suite.waymark)).confirmationsSent).toContain(update.id);
    expect((await runHousekeeping(suite.waymark)).confirmationsSent).not.toContain(update.id);
    expect(confirmations()).toHaveLength(2);
    expect(await prisma.outboundEmail.count({ where: { updateRequestId: request.id, status: 'SENT' } })).toBe(
      1,
    );
  });

  it('refuses a disguised file, keeps what was typed and records nothing', async () => {
    const { token, action } = await openLeadRequest(suite, 'F3');
    const res = await answer(token)
      .field('kpi-0-value', '7')
      .attach('evidenceFiles', evidenceFixture('disguised-program.pdf'), {
        filename: 'minutes.pdf',
        contentType: 'application/pdf',
      })
      .expect(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toMatch(/minutes\.pdf must be a PDF, PNG, JPEG/);
    expect(res.text).toContain('href="#evidenceFiles"');
    expect(res.text).toContain('Three of five teams trained; venue lost for the fourth.');
    expect(res.text).toMatch(/name="kpi-0-value"[^>]*value="7"/);
    expect(await counts(action.id)).toEqual({ updates: 0, evidence: 0, values: 0 });
  });

  it('answers an oversized upload or too many files with the form and its errors, not a 413', async () => {
    const { token, action } = await openLeadRequest(suite, 'F4');
    const big = await answer(token)
      .attach('evidenceFiles', Buffer.alloc(MAX_FILE_BYTES + 1, 'a'), 'notes.txt')
      .expect(400);
    expect(big.headers['content-type']).toMatch(/text\/html/);
    expect(big.text).toContain('Each file must be smaller than 64 KB');
    expect(big.text).toContain('Three of five teams trained; venue lost for the fourth.');
    const png = evidenceFixture('partnership-logo.png');
    const many = await answer(token)
      .attach('evidenceFiles', png, 'a.png')
      .attach('evidenceFiles', png, 'b.png')
      .attach('evidenceFiles', png, 'c.png')
      .expect(400);
    expect(many.text).toContain('Select at most 2 files');
    const link = await answer(token).field('evidenceLinks', 'javascript:alert(1)').expect(400);
    expect(link.text).toContain('must be a web address starting with http:// or https://');
    expect(await counts(action.id)).toEqual({ updates: 0, evidence: 0, values: 0 });
  });

  it('refuses a figure the KPI rules refuse, with the update, in the same error summary', async () => {
    const { token, action } = await openLeadRequest(suite, 'F5');
    const png = evidenceFixture('partnership-logo.png');
    const res = await answer(token)
      .field('kpi-0-value', '150')
      .attach('evidenceFiles', png, 'logo.png')
      .expect(400);
    expect(res.text).toContain('Staff rating the training good (Quarter');
    expect(res.text).toMatch(/100/);
    expect(res.text).toContain('href="#kpi-0-value"');
    expect(res.text).toContain('select your 1 file(s) again');
    expect(await counts(action.id)).toEqual({ updates: 0, evidence: 0, values: 0 });
    const typo = await answer(token).field('kpi-1-value', 'lots').expect(400);
    expect(typo.text).toContain('Enter the figure as a number');
  });

  it('answers an unknown or expired link before reading the upload, and keeps no field past its limits', async () => {
    const { baseUrl } = suite.waymark;
    const THIRTY_MB = 30 * 1024 * 1024;
    // 30 MB announced, 64 kB sent: the link is refused at once, and the connection closed.
    const unknown = await answeredBeforeBodyEnds(
      `${baseUrl}/u/${'C'.repeat(43)}`,
      fieldPart('commentary', 64 * 1024),
      THIRTY_MB,
    );
    expect(unknown).toMatchObject({ status: 404, connection: 'close' });
    expect(unknown.text).toContain('We do not recognise this link');

    const { token, action, request } = await openLeadRequest(suite, 'F8');
    // A field far longer than any the form has, or far more fields: multer keeps none past its limits.
    const long = await answer(token)
      .field('blockers', 'b'.repeat(300 * 1024))
      .expect(400);
    const many = answer(token);
    for (let i = 0; i < 300; i += 1) many.field(`extra-${i}`, 'x');
    for (const res of [long, await many.expect(400)]) {
      expect(res.text).toContain('The form was too long to read');
      expect(res.text).toContain('href="#commentary"');
    }
    expect(await counts(action.id)).toEqual({ updates: 0, evidence: 0, values: 0 });

    await suite.waymark.prisma.updateRequest.update({
      where: { id: request.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await answeredBeforeBodyEnds(`${baseUrl}/u/${token}`, fieldPart('status', 10), THIRTY_MB);
    expect(expired.status).toBe(410);
  });

  it('gives the friendly page, never a form, for unknown, expired and revoked links', async () => {
    const { token, request } = await openLeadRequest(suite, 'F6');
    await suite
      .http()
      .get(`/u/${'C'.repeat(43)}/confirmation`)
      .expect(404);
    await suite.waymark.prisma.updateRequest.update({
      where: { id: request.id },
      data: { state: 'REVOKED' },
    });
    const revoked = await answer(token)
      .attach('evidenceFiles', evidenceFixture('partnership-logo.png'), 'logo.png')
      .expect(410);
    expect(revoked.text).toContain('This link has expired');
    expect(revoked.text).not.toContain('Train frontline staff');

    const other = await openLeadRequest(suite, 'F7');
    const requests = suite.waymark.api.get(UpdateRequestsService);
    await suite.waymark.prisma.updateRequest.update({
      where: { id: other.request.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await requests.lookUp(other.token)).kind).toBe('expired');
    const expired = await suite.http().get(`/u/${other.token}`).expect(410);
    expect(expired.text).toContain('This link has expired');
  });
});
