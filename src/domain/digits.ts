const PERSIAN = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

/** Latin digits to Persian (Extended Arabic-Indic) digits. */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN[Number(d)]!);
}

/** Persian and Arabic-Indic digits to Latin digits. */
export function toLatinDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (d) =>
    String(PERSIAN.includes(d) ? PERSIAN.indexOf(d) : ARABIC_INDIC.indexOf(d)),
  );
}
