// Owns how the compact tables of migration 008 store times: as integers when the views'
// formatting gives exactly the recorded text back, else as the text itself.

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const IMF_FIXDATE = /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

/** An ISO 8601 time as toISOString gives it: integer milliseconds since 1970 (a BigInt, so that
 * SQLite stores an integer); anything else stays text. */
export function isoMillis(iso: string): bigint | string {
  if (!ISO_MS.test(iso)) return iso;
  const ms = Date.parse(iso);
  return ms >= 0 && new Date(ms).toISOString() === iso ? BigInt(ms) : iso;
}

/** A response's Date header: seconds after the second of `startedAt` (when that is stored as an
 * integer and the header is an IMF-fixdate as toUTCString gives it); else the text (null: none). */
export function dateOffset(date: string | null, startedAt: bigint | string): bigint | string | null {
  if (date === null || typeof startedAt !== 'bigint' || !IMF_FIXDATE.test(date)) return date;
  const ms = Date.parse(date);
  return ms >= 0 && new Date(ms).toUTCString() === date ? BigInt(ms / 1000) - startedAt / 1000n : date;
}

/** A time stored as milliseconds after `startedAt` (when both are integers), else as its text. */
export function millisAfter(iso: string | null, startedAt: bigint | string): bigint | string | null {
  if (iso === null) return null;
  const ms = isoMillis(iso);
  return typeof ms === 'bigint' && typeof startedAt === 'bigint' ? ms - startedAt : iso;
}
