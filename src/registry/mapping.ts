/**
 * A list's column mapping: each column either a list field (`name=full_name`) or an extra typed field
 * (`postcode=postcode:postcode`, `dob2=date:arrest_date`). Checked against the file's header before any row is
 * read; every problem names the mapping it comes from. Pure.
 */

export const LIST_FIELDS = [
  'given_name',
  'surname',
  'full_name',
  'father_name',
  'birth_date',
  'birth_year',
  'age',
  'sex',
  'place_of_detention',
  'city',
  'date_of_death',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export const EXTRA_TYPES = [
  'date',
  'name',
  'place',
  'postcode',
  'address',
  'identifier',
  'category',
  'text',
] as const;
export type ExtraType = (typeof EXTRA_TYPES)[number];

export interface ListReading {
  /** List field → the column it is read from. */
  columns: Partial<Record<ListField, string>>;
  /** Extra columns, in mapping order. */
  extras: Array<{ column: string; type: ExtraType; name: string }>;
}

export interface MappingProblem {
  field: string;
  message: string;
}

const EXTRA_NAME = /^[a-z][a-z0-9_]{0,49}$/;

/** Checks a mapping against the header and returns how the list is read, or every problem found. */
export function readMapping(
  mapping: Record<string, string>,
  header: string[],
): { reading: ListReading; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const columns: ListReading['columns'] = {};
  const extras: ListReading['extras'] = [];
  const known = new Set(header);
  const extraNames = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    const field = `map ${column}`;
    if (!known.has(column))
      problems.push({ field, message: `no column "${column}" (columns: ${header.join(', ')})` });
    const colon = target.indexOf(':');
    if (colon >= 0) {
      const [type, name] = [target.slice(0, colon), target.slice(colon + 1)];
      if (!(EXTRA_TYPES as readonly string[]).includes(type))
        problems.push({
          field,
          message: `unknown type "${type}" in "${target}" (types: ${EXTRA_TYPES.join(', ')})`,
        });
      else if (!EXTRA_NAME.test(name))
        problems.push({
          field,
          message: `"${name}" is not a field name: lower-case letters, digits and _, starting with a letter (e.g. ${type}:arrest_date)`,
        });
      else if ((LIST_FIELDS as readonly string[]).includes(name))
        problems.push({ field, message: `"${name}" is a list field; map it as ${column}=${name}` });
      else if (extraNames.has(name))
        problems.push({ field, message: `field ${name} is already read from "${extraNames.get(name)}"` });
      else {
        extraNames.set(name, column);
        extras.push({ column, type: type as ExtraType, name });
      }
      continue;
    }
    if (!(LIST_FIELDS as readonly string[]).includes(target))
      problems.push({
        field,
        message: `unknown field "${target}" (fields: ${LIST_FIELDS.join(', ')}; or TYPE:NAME with a type of ${EXTRA_TYPES.join(', ')})`,
      });
    else if (columns[target as ListField])
      problems.push({
        field,
        message: `field ${target} is already read from "${columns[target as ListField]}"`,
      });
    else columns[target as ListField] = column;
  }
  if (!columns.full_name && !columns.given_name && !columns.surname)
    problems.push({ field: 'map', message: 'map a column to full_name, given_name or surname' });
  return { reading: { columns, extras }, problems };
}
