import { OutputTail } from './process';

describe('OutputTail', () => {
  it('keeps every line while there are few', () => {
    const out = new OutputTail(3, 2);
    out.push('one\ntwo\n');
    out.push('thr');
    out.push('ee\nfour');
    expect(out.text()).toBe('one\ntwo\nthree\nfour');
  });

  it('keeps the first and the last lines and counts what it drops, so a panic keeps its reason', () => {
    const out = new OutputTail(3, 2);
    out.push('panic: listen tcp 127.0.0.1:4000: bind: address already in use\n\ngoroutine 1 [running]:\n');
    for (let i = 1; i <= 10; i++) out.push(`frame ${i}\n`);
    expect(out.text().split('\n')).toEqual([
      'panic: listen tcp 127.0.0.1:4000: bind: address already in use',
      'goroutine 1 [running]:',
      '… (7 lines not shown) …',
      'frame 8',
      'frame 9',
      'frame 10',
    ]);
  });
});
