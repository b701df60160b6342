import { describe, expect, it } from 'vitest';
import { splitIntoParts } from './chunk.js';

describe('splitIntoParts', () => {
  it('keeps a short text whole, without pages', () => {
    expect(splitIntoParts('short text')).toEqual({
      parts: [{ index: 0, page: null, start: 0, text: 'short text' }],
      truncated: false,
    });
  });

  it('cuts at page ends where it can, losing nothing, and says where each part starts', () => {
    const pages = Array.from({ length: 12 }, (_, i) => `Page ${i + 1}. ${'word '.repeat(120)}`);
    const text = pages.join('\f');
    const { parts } = splitIntoParts(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(4000);
      expect(text.slice(part.start).startsWith(part.text)).toBe(true);
      expect(part.text.startsWith(`Page ${part.page}.`)).toBe(true);
    }
    expect(parts.length).toBeGreaterThan(1);
  });

  it('cuts a long page at paragraph breaks or spaces, and reports text beyond the last part', () => {
    const text = `${'paragraph text '.repeat(200)}\n\n${'more '.repeat(2000)}`;
    const { parts } = splitIntoParts(text);
    expect(parts.every((p) => p.text.length <= 4000)).toBe(true);
    expect(parts[0]!.text.endsWith('\n\n')).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(splitIntoParts(text, 4000, 2).truncated).toBe(true);
  });
});
