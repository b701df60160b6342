import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? sources(path)
      : path.endsWith('.tsx') || path.endsWith('.ts')
        ? [path]
        : [];
  });
}

const load = (lang: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'web', 'src', 'i18n', `${lang}.json`), 'utf8'),
  ) as object;
const en = load('en');
const fa = load('fa');

describe('translations', () => {
  it('have the same keys in English and Persian, none empty in Persian', () => {
    expect(keys(fa).sort()).toEqual(keys(en).sort());
    const flat = (tree: object, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree);
    for (const key of keys(fa).filter((k) => !k.startsWith('bound.exact')))
      expect(String(flat(fa, key)), key).not.toBe('');
  });

  it('cover every key the components ask for', () => {
    const all = new Set(keys(en));
    const used = sources(join(import.meta.dirname, '..', 'web', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z_.]+)'/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !all.has(k))).toEqual([]);
  });

  it('leave no English text in JSX outside the translation files', () => {
    for (const file of sources(join(import.meta.dirname, '..', 'web', 'src')).filter((f) =>
      f.endsWith('.tsx'),
    )) {
      const text = readFileSync(file, 'utf8');
      // Text between a closing '>' and the next '<' that contains a word of three or more letters.
      const stray = [...text.matchAll(/>\s*([A-Za-z][A-Za-z ,.'’]{2,})\s*</g)]
        .map((m) => m[1]!.trim())
        .filter((s) => !['English', 'Promise'].includes(s)); // the language's own name; a TypeScript generic
      expect(stray, file).toEqual([]);
    }
  });
});
