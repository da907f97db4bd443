import type { Lang } from '@suite-widgets/core';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Bytes in the user's language: "12 ko", "3,4 Mo" (French), "12 KB", "3.4 MB" (English); decimal units, as file managers show them. */
export function formatSize(bytes: number | undefined, lang: Lang, units: readonly string[]): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const key = `${lang}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return `${format.format(value)} ${units[unit]}`;
}

/** A date in the user's language ("3 mars 2026, 14:05"); '' when unknown. */
export function formatDate(time: number | undefined, lang: Lang): string {
  if (time === undefined || !Number.isFinite(time)) return '';
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(lang, format);
  }
  return format.format(time);
}

/** "42 %" in French (narrow no-break space), "42%" in English. */
export function formatPercent(percent: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}
