/** A name as records hold it: its text, its script, and what kind of name it is. */
export interface NameForm {
  text: string;
  script: string;
  kind?: string;
}

/**
 * The name to show in a language: Persian script in Persian, a Latin form in English (an official or
 * transliterated form before an alias), else the first form; a dash when there is none. One rule for the web
 * and for the pages the server writes.
 */
export function displayName(names: readonly NameForm[] | undefined, lang: 'en' | 'fa'): string {
  if (!names || names.length === 0) return '—';
  const script = lang === 'fa' ? 'persian' : 'latin';
  return (
    names.find((n) => n.script === script && n.kind !== 'alias') ??
    names.find((n) => n.script === script) ??
    names[0]!
  ).text;
}
