/**
 * Retries an assertion until it passes or the time is up, then throws its last failure. For state that
 * another process (the worker, Temporal) reaches on its own schedule; never a fixed sleep.
 */
export async function eventually<T>(
  assertion: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
