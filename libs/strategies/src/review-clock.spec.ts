import fc from 'fast-check';
import { addMonths, describeReviewClock, reviewClock, reviewWindow } from './review-clock';

describe('the strategy review clock (SI 2021/990 reg 4)', () => {
  it('runs three-year windows from first publication: 5 January 2022', () => {
    expect(reviewWindow('2022-01-05', 0)).toEqual({ number: 0, start: '2022-01-05', end: '2025-01-04' });
    expect(reviewWindow('2022-01-05', 1)).toEqual({ number: 1, start: '2025-01-05', end: '2028-01-04' });
  });

  it('counts from the first publication, not from the last review', () => {
    // Reviewed early, in 2023: the next window still starts on 5 January 2025.
    const clock = reviewClock('2022-01-05', ['2023-03-01'], '2025-02-01')!;
    expect(clock.window).toEqual({ number: 1, start: '2025-01-05', end: '2028-01-04' });
    expect(clock.status).toBe('open');
    expect(clock.missed).toEqual([]);
    expect(clock.nextWarningOn).toBe('2027-01-04');
  });

  it('warns 12, 6 and 3 months before the window closes, then says overdue', () => {
    const on = (today: string) => reviewClock('2022-01-05', [], today)!;
    expect(on('2024-01-03').status).toBe('open');
    expect(on('2024-01-04').status).toBe('due-within-12-months');
    expect(on('2024-07-04')).toMatchObject({ status: 'due-within-6-months', nextWarningOn: '2024-10-04' });
    expect(on('2024-10-04')).toMatchObject({ status: 'due-within-3-months', nextWarningOn: null });
    expect(on('2025-01-04').status).toBe('due-within-3-months');
    expect(on('2025-01-05')).toMatchObject({
      status: 'overdue',
      missed: [{ number: 0, start: '2022-01-05', end: '2025-01-04' }],
    });
    // A review late, in the next window, covers that window; the missed one stays on record.
    const late = reviewClock('2022-01-05', ['2025-03-31'], '2025-06-01')!;
    expect(late).toMatchObject({ status: 'reviewed', reviewedOn: '2025-03-31', nextWarningOn: null });
    expect(late.missed.map((w) => w.number)).toEqual([0]);
  });

  it('takes 28 February for the anniversary of 29 February in a common year', () => {
    expect(reviewWindow('2024-02-29', 0)).toEqual({ number: 0, start: '2024-02-29', end: '2027-02-27' });
    expect(reviewWindow('2024-02-29', 1)).toEqual({ number: 1, start: '2027-02-28', end: '2030-02-27' });
    expect(reviewWindow('2024-02-29', 4).start).toBe('2036-02-29');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
  });

  it('has no clock before first publication, and ignores reviews before it or in the future', () => {
    expect(reviewClock('2022-01-05', [], '2021-12-31')).toBeNull();
    const clock = reviewClock('2022-01-05', ['2021-06-01', '2030-01-01'], '2023-01-01')!;
    expect(clock).toMatchObject({ status: 'open', reviewedOn: null });
  });

  it('for any first publication and day: windows tile time and the day falls in its window', () => {
    const day = fc
      .date({
        min: new Date('2021-10-01T00:00:00Z'),
        max: new Date('2040-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.array(day, { maxLength: 4 }), (a, b, reviews) => {
        const [first, today] = a <= b ? [a, b] : [b, a];
        const clock = reviewClock(first, reviews, today)!;
        expect(clock.window.start <= today && today <= clock.window.end).toBe(true);
        const next = reviewWindow(first, clock.window.number + 1);
        expect(
          new Date(`${next.start}T00:00:00Z`).getTime() - new Date(`${clock.window.end}T00:00:00Z`).getTime(),
        ).toBe(86_400_000);
        expect(clock.missed.every((w) => w.number < clock.window.number)).toBe(true);
        if (clock.status === 'reviewed') expect(clock.reviewedOn! >= clock.window.start).toBe(true);
      }),
    );
  });
});

describe('describeReviewClock', () => {
  it('says when the review is due, how soon, when it was done, or that it is overdue', () => {
    const first = '2022-01-05';
    expect(describeReviewClock(reviewClock(first, [], '2023-06-01')!)).toBe(
      'Strategy review: due by 4 January 2025 (the period 5 January 2022 to 4 January 2025).',
    );
    expect(describeReviewClock(reviewClock(first, [], '2024-09-01')!)).toBe(
      'Strategy review: due by 4 January 2025, within 6 months (the period 5 January 2022 to 4 January 2025).',
    );
    expect(describeReviewClock(reviewClock(first, ['2024-10-01'], '2024-12-01')!)).toBe(
      'Strategy review: reviewed on 1 October 2024, within the period 5 January 2022 to 4 January 2025.',
    );
    expect(describeReviewClock(reviewClock(first, [], '2026-12-07')!)).toBe(
      'Strategy review: OVERDUE. No review is recorded for 5 January 2022 to 4 January 2025; the current period ends on 4 January 2028.',
    );
  });
});
