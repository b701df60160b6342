/** Cutting a search snippet into plain text and highlighted runs, from the server's highlight ranges. */

export interface SnippetPiece {
  text: string;
  highlight: boolean;
}

/**
 * The snippet in order, with the ranges (`[start, end)` offsets into it) marked. Ranges out of bounds are
 * clipped, overlapping ones merged, so whatever the server sends the pieces join back into the snippet.
 */
export function snippetPieces(
  snippet: string,
  ranges: ReadonlyArray<readonly [number, number]>,
): SnippetPiece[] {
  const clipped = ranges
    .map(
      ([a, b]) =>
        [Math.max(0, Math.min(a, snippet.length)), Math.max(0, Math.min(b, snippet.length))] as const,
    )
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [a, b] of clipped) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const out: SnippetPiece[] = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) out.push({ text: snippet.slice(at, a), highlight: false });
    out.push({ text: snippet.slice(a, b), highlight: true });
    at = b;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at), highlight: false });
  return out;
}
