import yauzl from 'yauzl';

/** Most entries a workbook's zip may have: ours have a few dozen, a council's plan a few hundred at most. */
const MAX_ENTRIES = 2000;

/** What inflating a zip found: within the limit, past it (stopped there), or not a zip that reads. */
export type ZipCheck =
  | { kind: 'ok'; inflated: number }
  | { kind: 'too-large'; inflated: number }
  | { kind: 'unreadable'; reason: string };

/**
 * Inflates every entry of a zip (an .xlsx is one) as a stream, counting the bytes it really gives, and stops
 * as soon as the count passes `limit`: the sizes the zip declares are never trusted (a small file declaring
 * kilobytes can inflate to gigabytes), and nothing inflated is kept. yauzl also refuses an entry that gives
 * more or fewer bytes than it declares, so what a reader inflates afterwards is what was counted here.
 */
export async function checkZipInflates(zip: Buffer, limit: number): Promise<ZipCheck> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.fromBufferPromise(zip, { validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  let inflated = 0;
  try {
    if (zipfile.entryCount > MAX_ENTRIES) return { kind: 'too-large', inflated };
    for await (const entry of zipfile.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await zipfile.openReadStreamPromise(entry);
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > limit) return { kind: 'too-large', inflated };
      }
    }
    return { kind: 'ok', inflated };
  } catch (error) {
    return { kind: 'unreadable', reason: (error as Error).message };
  } finally {
    zipfile.close();
  }
}
