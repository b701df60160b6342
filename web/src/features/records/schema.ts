import { api } from '../../api.js';

/** The slice of JSON Schema the API's OpenAPI document uses for request bodies. */
export interface JsonSchema {
  type?: string;
  enum?: string[];
  anyOf?: JsonSchema[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  default?: unknown;
  maxLength?: number;
  format?: string;
}

let openapi:
  | Promise<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
      >;
    }>
  | undefined;

/** The request body schema the API declares for creating (POST) or changing (PATCH) a record kind. */
export async function bodySchema(plural: string, mode: 'create' | 'update'): Promise<JsonSchema> {
  openapi ??= api('/api/openapi.json');
  const doc = await openapi;
  const path = mode === 'create' ? `/api/cases/{caseId}/${plural}` : `/api/cases/{caseId}/${plural}/{id}`;
  const schema =
    doc.paths[path]?.[mode === 'create' ? 'post' : 'patch']?.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`no schema for ${path}`);
  return schema;
}

/** How a field is edited, decided from its schema. */
export type Widget =
  | 'text'
  | 'textarea'
  | 'select'
  | 'checkbox'
  | 'number'
  | 'date'
  | 'names'
  | 'location'
  | 'reference'
  | 'json';

const REFERENCES: Record<string, string> = {
  sourceId: 'sources',
  placeId: 'places',
  birthPlaceId: 'places',
  parentId: 'places',
  eventId: 'events',
};

export function referenceTarget(name: string): string | undefined {
  return REFERENCES[name];
}

export function widgetFor(name: string, schema: JsonSchema): Widget {
  if (name === 'names') return 'names';
  if (name === 'location') return 'location';
  if (REFERENCES[name]) return 'reference';
  if (schema.anyOf?.some((s) => s.type === 'string') && schema.anyOf.some((s) => s.properties?.precision))
    return 'date';
  if (schema.enum) return 'select';
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'string') return (schema.maxLength ?? 0) > 1000 ? 'textarea' : 'text';
  return 'json';
}
