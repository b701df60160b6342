/** A failed API call: status, message and the fields the server named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: Array<{ field: string; message: string }> = [],
  ) {
    super(message);
  }

  /** Field problems keyed by top-level body field (`body.names.0.text` → `names`). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const key = f.field.replace(/^body\./, '').split('.')[0] ?? f.field;
      out[key] = out[key] ? `${out[key]}; ${f.message}` : f.message;
    }
    return out;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as {
    error?: { message: string; fields?: Array<{ field: string; message: string }> };
  };
  if (!response.ok)
    throw new ApiError(response.status, data.error?.message ?? response.statusText, data.error?.fields ?? []);
  return data as T;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type Rec = Record<string, unknown> & { id: string; sensitivity: string };
export type Name = { text: string; script: string; kind: string };
export type FuzzyDate = {
  calendar: 'gregorian' | 'solar_hijri';
  precision: string;
  text: string;
  start: string | null;
  end: string | null;
};

export interface Abilities {
  case: Record<string, boolean>;
  records: Record<string, Record<string, boolean>>;
  labels: string[];
}

export interface Me {
  user: {
    id: string;
    username: string;
    isAdmin: boolean;
    mustChangePassword: boolean;
    mustEnrolSecondFactor: boolean;
    /** A TOTP second factor is set up. */
    secondFactor: boolean;
  } | null;
  abilities: { createCase: boolean; manageUsers: boolean };
}
