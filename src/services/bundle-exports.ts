/**
 * Views of a bundle's records for tools that read other formats: GeoJSON of places, FollowTheMoney-shaped
 * entities (people, organisations, positions and their occupancies, events), and for victims whose fate or
 * burial place is unknown, the fields the UN Working Group on Enforced or Involuntary Disappearances asks for.
 * Pure functions over the records the audience may receive: they add nothing the bundle does not hold.
 */
import type { RecordValue } from '../storage/index.js';

export type Included = ReadonlyArray<{ type: string; record: RecordValue }>;

type Name = { text: string; kind?: string };
type StoredDate = { start: string | null; end: string | null; text: string } | null;

const names = (r: RecordValue) => ((r.names as Name[] | undefined) ?? []).map((n) => n.text);
const dateText = (d: unknown) => (d as StoredDate)?.text ?? null;

function byType(included: Included, type: string): RecordValue[] {
  return included.filter((i) => i.type === type).map((i) => i.record);
}

/** Places with a location as GeoJSON points or shapes, with precision and certainty of identification. */
export function placesGeoJson(included: Included): object {
  return {
    type: 'FeatureCollection',
    features: byType(included, 'place')
      .filter((p) => p.location && (p.location as { geometry?: unknown }).geometry)
      .map((p) => {
        const location = p.location as { geometry: object; precision?: string; certainty?: string };
        return {
          type: 'Feature',
          id: p.id,
          geometry: location.geometry,
          properties: {
            names: names(p),
            kind: p.kind,
            precision: location.precision ?? null,
            certainty: location.certainty ?? null,
          },
        };
      }),
  };
}

/** FollowTheMoney-shaped entities, one JSON object a line. */
export function followTheMoney(included: Included): object[] {
  const out: object[] = [];
  for (const p of byType(included, 'person')) {
    const [first, ...others] = names(p);
    out.push({
      id: p.id,
      schema: 'Person',
      properties: {
        name: first ? [first] : [],
        alias: others,
        ...(p.fatherName ? { fatherName: [p.fatherName] } : {}),
        ...(p.gender && p.gender !== 'unknown' ? { gender: [p.gender] } : {}),
        ...(dateText(p.birthDate) ? { birthDate: [dateText(p.birthDate)] } : {}),
      },
    });
  }
  for (const o of byType(included, 'organization'))
    out.push({ id: o.id, schema: 'Organization', properties: { name: names(o) } });
  for (const position of byType(included, 'position')) {
    const postId = `${position.id}-post`;
    out.push({
      id: postId,
      schema: 'Position',
      properties: {
        name: [position.title, ...(position.titleFa ? [position.titleFa] : [])],
        ...(position.organizationId ? { organization: [position.organizationId] } : {}),
      },
    });
    out.push({
      id: position.id,
      schema: 'Occupancy',
      properties: {
        holder: [position.personId],
        post: [postId],
        ...(dateText(position.start) ? { startDate: [dateText(position.start)] } : {}),
        ...(dateText(position.end) ? { endDate: [dateText(position.end)] } : {}),
      },
    });
  }
  const involvements = byType(included, 'involvement');
  for (const e of byType(included, 'event'))
    out.push({
      id: e.id,
      schema: 'Event',
      properties: {
        name: [e.title],
        ...(dateText(e.date) ? { date: [dateText(e.date)] } : {}),
        involved: involvements.filter((i) => i.eventId === e.id).map((i) => i.actorId),
      },
    });
  return out;
}

/**
 * For each victim with no burial place on record: identity, the date and place of arrest or last seen, those
 * believed responsible (perpetrators of the same events), and what the case does not record (the family's
 * steps, the relatives' consent) as null, never guessed. The submitter is kept confidential by default.
 */
export function disappearanceReports(included: Included): object[] {
  const events = new Map(byType(included, 'event').map((e) => [e.id, e]));
  const places = new Map(byType(included, 'place').map((p) => [p.id, p]));
  const people = new Map(byType(included, 'person').map((p) => [p.id, p]));
  const involvements = byType(included, 'involvement');
  const buried = new Set(
    byType(included, 'relation')
      .filter((r) => r.kind === 'burial' && r.certainty === 'confirmed')
      .map((r) => r.subjectId),
  );
  const victims = [...new Set(involvements.filter((i) => i.role === 'victim').map((i) => String(i.actorId)))];
  return victims
    .filter((id) => people.has(id) && !buried.has(id))
    .map((id) => {
      const person = people.get(id)!;
      const own = involvements.filter((i) => i.actorId === id && i.role === 'victim');
      const seen = own
        .map((i) => events.get(String(i.eventId)))
        .filter((e): e is RecordValue =>
          Boolean(e && ['arrest', 'detention', 'disappearance'].includes(String(e.kind))),
        );
      const responsible = involvements
        .filter((i) => i.role === 'perpetrator' && own.some((o) => o.eventId === i.eventId))
        .map((i) => String(i.actorId));
      return {
        personId: id,
        identity: {
          names: names(person),
          fatherName: person.fatherName ?? null,
          gender: person.gender ?? null,
          birthDate: dateText(person.birthDate),
          synthetic: person.synthetic === true,
        },
        arrestOrLastSeen: seen.map((e) => ({
          eventId: e.id,
          kind: e.kind,
          date: dateText(e.date),
          place: e.placeId ? (names(places.get(String(e.placeId)) ?? ({} as RecordValue))[0] ?? null) : null,
        })),
        believedResponsible: [...new Set(responsible)],
        stepsTakenByFamily: null,
        consentOfRelatives: null,
        submitterConfidential: true,
      };
    });
}
