import { constants, deflateRawSync } from 'node:zlib';

/**
 * A copy of a zip (an .xlsx) with one more entry, `name`, holding `inflated` bytes of zeros deflated, whose
 * headers declare it unzips to `declared` bytes: what a check of the declared sizes lets through. Only a
 * zip without a comment, as exceljs writes them.
 */
export function withBombEntry(zip: Buffer, name: string, inflated: number, declared = 1024): Buffer {
  const end = zip.length - 22;
  if (zip.readUInt32LE(end) !== 0x06054b50) throw new Error('not a zip without a comment');
  const count = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  const centralStart = zip.readUInt32LE(end + 16);
  const data = deflatedZeros(inflated);
  const fileName = Buffer.from(name);

  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // CRC-32 (not checked before inflating)
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fileName.length, 26);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE(centralStart, 42); // the new entry goes where the central directory was

  const entries = Buffer.concat([local, fileName, data]);
  const directory = Buffer.concat([
    zip.subarray(centralStart, centralStart + centralSize),
    central,
    fileName,
  ]);
  const record = Buffer.from(zip.subarray(end));
  record.writeUInt16LE(count + 1, 8);
  record.writeUInt16LE(count + 1, 10);
  record.writeUInt32LE(directory.length, 12);
  record.writeUInt32LE(centralStart + entries.length, 16);
  return Buffer.concat([zip.subarray(0, centralStart), entries, directory, record]);
}

/** `size` bytes of zeros, deflated (raw) a megabyte at a time, so that a gigabyte needs no gigabyte of memory. */
function deflatedZeros(size: number): Buffer {
  const megabyte = Buffer.alloc(1024 * 1024);
  const parts: Buffer[] = [];
  for (let left = size; left > 0; left -= megabyte.length) {
    const last = left <= megabyte.length;
    parts.push(
      deflateRawSync(megabyte.subarray(0, Math.min(left, megabyte.length)), {
        level: 9,
        finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      }),
    );
  }
  return Buffer.concat(parts);
}
