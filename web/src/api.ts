import i18n from './i18n/index.js';

/** One field's problem as the server states it: a stable code, the parameters, and English for the API. */
export interface FieldProblem {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/**
 * A field problem in the reader's language, from its code. A problem the web has no words for is said in
 * general terms in Persian; in English the server's own sentence (written for people) is kept.
 */
export function problemText(problem: FieldProblem): string {
  const key = `errors.field.${problem.code ?? 'invalid'}`;
  if (problem.code && problem.code !== 'invalid' && i18n.exists(key)) {
    const params = Object.fromEntries(
      Object.entries(problem.params ?? {}).map(([k, v]) => [
        k,
        typeof v === 'number' ? new Intl.NumberFormat(i18n.language).format(v) : v,
      ]),
    );
    return i18n.t(key, params);
  }
  return i18n.language === 'en' ? problem.message : i18n.t('errors.field.invalid');
}

/** The field a problem names, in words: `body.names.0.text` → "Names"; a field named in words stays so. */
export function fieldLabel(field: string): string {
  if (/\s/.test(field)) return field;
  const parts = field
    .split('.')
    .filter((p) => !/^\d+$/.test(p) && !['body', 'querystring', 'params'].includes(p));
  const name = parts[0] ?? field;
  return i18n.t(`field.${name}`, { defaultValue: name.replace(/_/g, ' ') });
}

/** A refusal as a whole, in the reader's language, from its code. */
function errorText(status: number, code: string | undefined, message: string): string {
  if (code && i18n.exists(`errors.code.${code}`)) return i18n.t(`errors.code.${code}`);
  if (status >= 500) return i18n.t('errors.code.internal_error');
  return i18n.language === 'en' && !/^(invalid|fst_)/i.test(message)
    ? message
    : i18n.t('errors.code.bad_request');
}

/** A failed API call: status, its stable code, a message in the reader's language, and the fields named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly code?: string,
  ) {
    super(errorText(status, code, message));
  }

  /** Field problems in words, keyed by top-level body field (`body.names.0.text` → `names`). */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const key = f.field.replace(/^body\./, '').split('.')[0] ?? f.field;
      const text = problemText(f);
      out[key] = out[key] ? `${out[key]}; ${text}` : text;
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
    error?: { code?: string; message: string; fields?: FieldProblem[] };
  };
  if (!response.ok)
    throw new ApiError(
      response.status,
      data.error?.message ?? response.statusText,
      data.error?.fields ?? [],
      data.error?.code,
    );
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
