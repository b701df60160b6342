import { z } from 'zod';

export const SCRIPTS = ['persian', 'latin'] as const;
export type Script = (typeof SCRIPTS)[number];
export const NAME_KINDS = ['birth', 'alias', 'transliteration'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

// Letters only: Persian digits (U+06F0..) and punctuation such as the Arabic comma sit in the Arabic block too,
// and must not tip "Prisoner ۱۲۳۴" towards Persian.
const PERSIAN_LETTER = /(?=\p{L})\p{Script=Arabic}/gu;
const LATIN_LETTER = /(?=\p{L})\p{Script=Latin}/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function counts(text: string): { persian: number; latin: number } {
  return { persian: text.match(PERSIAN_LETTER)?.length ?? 0, latin: text.match(LATIN_LETTER)?.length ?? 0 };
}

/**
 * The script most of a name's letters are written in: Persian and Arabic letters count as Persian, everything
 * else (including a tie, or no letters at all) as Latin.
 */
export function detectScript(text: string): Script {
  const { persian, latin } = counts(text);
  return persian > latin ? 'persian' : 'latin';
}

/** True when a text mixes Persian and Latin letters (often a data-entry error in a list). */
export function isMixedScript(text: string): boolean {
  const { persian, latin } = counts(text);
  return persian > 0 && latin > 0;
}

const nameText = z
  .string()
  .max(300)
  .refine((s) => !CONTROL.test(s), 'must not contain control characters')
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'must not be empty'));

/**
 * One name of a person: birth name, alias, or a transliteration of another name. The text is trimmed with
 * runs of spaces collapsed; the script is detected from the text unless given; the kind defaults to birth.
 */
export const personNameSchema = z
  .object({
    text: nameText,
    script: z.enum(SCRIPTS).optional(),
    kind: z.enum(NAME_KINDS).default('birth'),
    lang: z.string().max(35).optional(),
  })
  .strict()
  .transform((n) => ({ ...n, script: n.script ?? detectScript(n.text) }));
export type PersonName = z.output<typeof personNameSchema>;

/** A person has one or more names (at most 100). */
export const personNamesSchema = z.array(personNameSchema).min(1, 'at least one name').max(100);

/** The father's name, a key identifier in Iranian records. */
export const fatherNameSchema = nameText.optional();

/**
 * The name to show: a birth name in the preferred script, else any name in that script (an English page
 * shows the transliteration rather than Persian letters), else the first name.
 */
export function primaryName(names: readonly PersonName[], preferScript: Script): PersonName | undefined {
  return (
    names.find((n) => n.kind === 'birth' && n.script === preferScript) ??
    names.find((n) => n.script === preferScript) ??
    names[0]
  );
}
