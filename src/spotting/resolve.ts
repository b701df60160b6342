/**
 * Overlapping suggestions are resolved to one per stretch of text: known entities, dates and counts before
 * candidates (a known name is never also proposed as new), then the longest span (a full name over the surname
 * inside it, "8 Mordad 1367" over "Mordad 1367"), then the highest score. The one exception is a span that
 * several known entities match equally well: all of them are kept, for a person to choose.
 */
import type { Mention } from './types.js';

const isEntity = (m: Mention) => m.entityId !== undefined;

function before(a: Mention, b: Mention): number {
  return (
    Number(a.kind === 'candidate') - Number(b.kind === 'candidate') ||
    b.end - b.start - (a.end - a.start) ||
    b.score - a.score ||
    a.start - b.start
  );
}

/** Greedy choice, best first, within one group of mentions that overlap each other in a chain. */
function choose(group: Mention[], out: Mention[]): void {
  if (group.length === 1) {
    out.push(group[0]!);
    return;
  }
  const kept: Mention[] = [];
  for (const m of group.sort(before)) {
    const clash = kept.find((k) => k.start < m.end && m.start < k.end);
    if (!clash) kept.push(m);
    else if (
      clash.start === m.start &&
      clash.end === m.end &&
      isEntity(clash) &&
      isEntity(m) &&
      clash.score === m.score &&
      !kept.some((k) => k.entityId === m.entityId && k.start === m.start && k.end === m.end)
    )
      kept.push(m);
  }
  out.push(...kept);
}

/** The mentions that survive, sorted by start then end. */
export function resolveOverlaps(mentions: readonly Mention[]): Mention[] {
  // Overlaps are local: split the mentions into chains of overlapping spans and choose within each, so that a
  // long document with many mentions costs n log n, not n².
  const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Mention[] = [];
  let group: Mention[] = [];
  let groupEnd = -1;
  for (const m of sorted) {
    if (group.length > 0 && m.start >= groupEnd) {
      choose(group, out);
      group = [];
    }
    group.push(m);
    groupEnd = Math.max(groupEnd, m.end);
  }
  if (group.length > 0) choose(group, out);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
