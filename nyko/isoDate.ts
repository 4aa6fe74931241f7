/**
 * Calendar days as 'YYYY-MM-DD' text. Registers compare validity by plain string comparison, which is only correct
 * for this exact shape, so every date entering the area register goes through here.
 */
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written 'YYYY-MM-DD' (2025-02-30 is not one). */
export function isIsoDay(text: string): boolean {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * The day part of a date or date-time ('2025-03-14', '2025-03-14 22:41', '2025-03-14T22:41:00'), or null.
 * Records carry local (Europe/Stockholm) wall-clock times, so the first ten characters are the local day.
 */
export function dayOf(date: string): string | null {
  const day = date.trim().slice(0, 10);
  return isIsoDay(day) ? day : null;
}
