import { describe, expect, it } from 'vitest';
import { snippetPieces } from './snippet.js';

describe('snippetPieces', () => {
  it('marks the highlight ranges and joins back into the snippet', () => {
    const snippet = 'در زندان گوهردشت حمید نوری';
    const pieces = snippetPieces(snippet, [
      [17, 21],
      [9, 16],
    ]);
    expect(pieces.filter((p) => p.highlight).map((p) => p.text)).toEqual(['گوهردشت', 'حمید']);
    expect(pieces.map((p) => p.text).join('')).toBe(snippet);
  });

  it('clips ranges outside the snippet and merges overlapping ones', () => {
    const pieces = snippetPieces('Hamid Nouri', [
      [-3, 2],
      [1, 5],
      [9, 40],
      [7, 7],
    ]);
    expect(pieces).toEqual([
      { text: 'Hamid', highlight: true },
      { text: ' Nou', highlight: false },
      { text: 'ri', highlight: true },
    ]);
  });
});
