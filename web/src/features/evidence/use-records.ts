/** A case's records of one kind, for names beside mentions and for choosing what a date or count is about. */
import type { Page, Rec } from '../../api.js';
import { useApi } from '../../use-api.js';
import { PLURAL_OF } from './types.js';

/** Up to 500 records of an entity type (`person`, `event`…); none while `type` is null. */
export function useRecords(caseId: string, type: string | null): Rec[] {
  const plural = type ? PLURAL_OF[type] : undefined;
  const { data } = useApi<Page<Rec>>(plural ? `/api/cases/${caseId}/${plural}?limit=500` : null);
  return data?.items ?? [];
}
