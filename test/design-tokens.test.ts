import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web's colours meet WCAG 2 AA contrast: read from the stylesheet itself, so that a colour changed or added
 * later is checked too. Text is 4.5:1 against what it is drawn on; a disabled control is exempt (WCAG 1.4.3).
 */
const css = readFileSync(join(import.meta.dirname, '..', 'web', 'src', 'styles.css'), 'utf8');

/** The declarations of every innermost block, with its selector. */
function blocks(text: string): Array<{ selector: string; decls: Map<string, string> }> {
  const out: Array<{ selector: string; decls: Map<string, string> }> = [];
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const match of stripped.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const decl of match[2]!.split(';')) {
      const at = decl.indexOf(':');
      if (at > 0) decls.set(decl.slice(0, at).trim(), decl.slice(at + 1).trim());
    }
    out.push({ selector: match[1]!.trim(), decls });
  }
  return out;
}

const all = blocks(css);
const tokens = all.find((b) => b.selector === ':root')!.decls;

function resolve(value: string | undefined, local: Map<string, string>): string | null {
  if (!value) return null;
  const named: Record<string, string> = { white: '#ffffff', black: '#000000' };
  const v = value.replace(/\s*!important$/, '').trim();
  const variable = /^var\((--[\w-]+)\)$/.exec(v);
  if (variable) return resolve(local.get(variable[1]!) ?? tokens.get(variable[1]!), local);
  if (named[v]) return named[v]!;
  return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(v) ? v : null;
}

function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('type and spacing scales of the web application', () => {
  it('sizes text only from the type scale (relative sizes inside a component aside)', () => {
    const loose = [...css.matchAll(/font-size:\s*([^;]+);/g)]
      .map((m) => m[1]!.trim())
      .filter((v) => !/^var\(--text-[\w-]+\)$/.test(v) && !/^[0-9.]+em$/.test(v) && !/^[0-9]+px$/.test(v));
    expect(loose).toEqual([]);
    const scale = [...tokens.keys()].filter((k) => k.startsWith('--text-'));
    const rems = scale.map((k) => parseFloat(tokens.get(k)!));
    expect(rems).toEqual([...rems].sort((a, b) => a - b));
  });
});

describe('colours of the web application', () => {
  it('computes contrast as WCAG defines it', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrast('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('has every text token readable on the page and on the soft background', () => {
    for (const text of ['--ink', '--muted', '--accent', '--danger'])
      for (const ground of ['--bg', '--soft'])
        expect([text, ground, contrast(tokens.get(text)!, tokens.get(ground)!) >= 4.5]).toEqual([
          text,
          ground,
          true,
        ]);
    expect(contrast(tokens.get('--warn-ink')!, tokens.get('--warn-bg')!)).toBeGreaterThanOrEqual(4.5);
  });

  it('has AA contrast in every rule that sets both a text colour and a background', () => {
    const checked: string[] = [];
    const failing: string[] = [];
    for (const { selector, decls } of all) {
      if (selector === ':root' || /:disabled/.test(selector)) continue;
      const text = resolve(decls.get('color'), decls);
      const ground = resolve(decls.get('background') ?? decls.get('background-color'), decls);
      if (!text || !ground) continue;
      checked.push(selector);
      const ratio = contrast(text, ground);
      if (ratio < 4.5) failing.push(`${selector}: ${text} on ${ground} is ${ratio.toFixed(2)}:1`);
    }
    expect(failing).toEqual([]);
    expect(checked.length).toBeGreaterThan(5);
  });

  it('has AA contrast for text colours drawn on the page background', () => {
    const failing: string[] = [];
    for (const { selector, decls } of all) {
      if (selector === ':root' || decls.has('background') || decls.has('background-color')) continue;
      const text = resolve(decls.get('color'), decls);
      if (!text || /#fff(fff)?$/i.test(text)) continue;
      const ratio = contrast(text, tokens.get('--bg')!);
      if (ratio < 4.5) failing.push(`${selector}: ${text} is ${ratio.toFixed(2)}:1 on the page`);
    }
    expect(failing).toEqual([]);
  });
});
