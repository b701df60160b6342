/** The record kinds the workspace shows, by URL segment. */
export const KINDS: Record<string, { type: string; filters: Array<{ name: string; values: string[] }> }> = {
  people: { type: 'person', filters: [{ name: 'gender', values: ['female', 'male', 'other', 'unknown'] }] },
  organizations: {
    type: 'organization',
    filters: [
      {
        name: 'kind',
        values: [
          'political_group',
          'state_body',
          'prison_administration',
          'commission',
          'court',
          'ngo',
          'media',
          'other',
        ],
      },
    ],
  },
  places: {
    type: 'place',
    filters: [
      {
        name: 'kind',
        values: ['prison', 'mass_grave', 'cemetery', 'city', 'province', 'country', 'building', 'other'],
      },
    ],
  },
  events: {
    type: 'event',
    filters: [
      {
        name: 'kind',
        values: [
          'arrest',
          'detention',
          'transfer',
          'hearing',
          'trial',
          'torture',
          'execution',
          'burial',
          'notification',
          'disappearance',
          'release',
          'site_change',
          'other',
        ],
      },
    ],
  },
  sources: {
    type: 'source',
    filters: [
      {
        name: 'kind',
        values: [
          'document',
          'testimony',
          'media',
          'dataset',
          'report',
          'book',
          'article',
          'court_record',
          'web_capture',
          'other',
        ],
      },
    ],
  },
};

export const LABELS = ['public', 'internal', 'confidential', 'protected'];
