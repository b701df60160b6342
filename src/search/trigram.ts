/**
 * Trigram similarity of two words, computed as pg_trgm does for one word (padded with two spaces before and
 * one after; shared trigrams over all trigrams). PostgreSQL finds entities by it; this picks, inside a found
 * entity's names, the word that a misspelt query word stands for.
 */

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const chars = [...padded];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return out;
}

/** 0 (nothing shared) to 1 (same trigrams). */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  let shared = 0;
  for (const t of left) if (right.has(t)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}
