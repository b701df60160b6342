import type { z } from 'zod';
import type { EntityType } from '../domain/records/common.js';
import type { Database } from './schema.js';

/** How one record field is kept in its column. */
export type FieldCodec = 'text' | 'int' | 'bool' | 'json';

export interface FieldSpec {
  codec: FieldCodec;
  /** Column name when it differs from the field name (`end` is a reserved word). */
  column?: string;
  /** For FuzzyDate fields: the columns that keep its Gregorian interval, for range filters. */
  interval?: { start: string; end: string };
  /** Identifying field: encrypted at rest when the record is `protected`. */
  identifying?: boolean;
}

/** A reference from a record to another record of the same case, checked on every write. */
export interface Reference {
  field: string;
  type: EntityType | 'any' | 'victim_list' | 'list_record';
  id: string;
}

/** A query-string filter that maps to one column. */
export interface FilterSpec {
  column: string;
  schema: z.ZodType<string>;
}

export type RecordTable = Exclude<
  keyof Database,
  | 'cases'
  | 'users'
  | 'sessions'
  | 'memberships'
  | 'auditLog'
  | 'ledgerHead'
  | 'memorialState'
  | 'dataUpgrades'
  | 'linkRuns'
>;

/**
 * Everything that differs between the record resources (sources, people, claims …), stated as data.
 * One repository, one service and one set of routes work from these specs.
 */
export interface ResourceSpec {
  type:
    | Exclude<EntityType, 'case'>
    | 'submission'
    | 'estimate_run'
    | 'victim_list'
    | 'list_record'
    | 'link_pair'
    | 'file'
    | 'mention';
  table: RecordTable;
  /** URL segment and JSON-lines name: `people`. */
  plural: string;
  fields: Record<string, FieldSpec>;
  createSchema: z.ZodType;
  /** Schema of a stored record's fields (without id, case and times) when they cannot come through createSchema. */
  importSchema?: z.ZodType;
  updateSchema: z.ZodType;
  recordSchema: z.ZodType;
  filters: Record<string, FilterSpec>;
  /** Column searched by the `q` filter (folded text), if any. */
  searchColumn?: 'nameIndex' | 'title';
  /** Derived searchable text; left empty for protected records so nothing identifying is in clear. */
  nameIndexOf?: (record: Record<string, unknown>) => string;
  referencesOf: (record: Record<string, unknown>) => Reference[];
  /** Fields set by dedicated commands rather than by create/update input (a claim's preferred mark), with their initial values. */
  commandDefaults?: Record<string, unknown>;
  /**
   * Rules of a kind applied on every create (`current` null) and update through the record service: what a
   * command keeps (a finding's author, version and history) follows from the write, never from the input.
   */
  onWrite?: (write: {
    current: Record<string, unknown> | null;
    next: Record<string, unknown>;
    by: string;
  }) => Record<string, unknown>;
  /** Columns of this table that may hold the id of another record (checked before that record is deleted). */
  referringColumns: Array<{ column: string; json?: boolean }>;
}

/** The spec of a case record kind (what claims can be about and the policy knows by name). */
export type RecordSpec = ResourceSpec & { type: Exclude<EntityType, 'case'> };
