import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type FuzzyDate, type Page, type Rec } from '../../api.js';
import { ErrorText, Loading } from '../../components/Loading.js';
import { NotFound } from '../../components/NotFound.js';
import { recordTitle, useLang } from '../../format.js';
import { useApi } from '../../use-api.js';
import { CaseNav } from '../cases/CasePages.js';
import { KINDS } from './kinds.js';
import { bodySchema, referenceTarget, widgetFor, type JsonSchema } from './schema.js';

type Values = Record<string, unknown>;

/** Turns stored values into what the inputs edit (a date becomes its original text). */
function toInputs(record: Rec | undefined): Values {
  if (!record) return {};
  const out: Values = {};
  for (const [k, v] of Object.entries(record)) {
    out[k] = v && typeof v === 'object' && 'precision' in (v as object) ? (v as FuzzyDate).text : v;
  }
  return out;
}

/**
 * Create and edit forms generated from the request schema the API publishes; every validation message
 * comes from the server and is shown under its field.
 */
export function RecordFormPage() {
  const { caseId = '', plural = '', id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kind = KINDS[plural];
  const mode = id ? 'update' : 'create';
  const [schema, setSchema] = useState<JsonSchema>();
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const existing = useApi<Rec>(id ? `/api/cases/${caseId}/${plural}/${id}` : null);
  useEffect(() => {
    void bodySchema(plural, mode).then(setSchema, (e: Error) => setFormError(e.message));
  }, [plural, mode]);
  useEffect(() => {
    if (existing.data) setValues(toInputs(existing.data));
  }, [existing.data]);
  if (!kind) return <NotFound />;
  if (existing.error) return <ErrorText error={existing.error} />;
  if (!schema || (id && !existing.data)) return <Loading />;
  const fields = Object.entries(schema.properties ?? {});
  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFormError('');
    const body: Values = {};
    for (const [name, field] of fields) {
      let value = values[name];
      if (value === undefined || (value === '' && widgetFor(name, field) !== 'text')) continue;
      if (value === '' && field.nullable) value = null;
      if (widgetFor(name, field) === 'json' && typeof value === 'string') {
        try {
          value = JSON.parse(value);
        } catch {
          setErrors((x) => ({ ...x, [name]: t('form.invalidJson') }));
          return;
        }
      }
      body[name] = value;
    }
    try {
      const saved = await api<Rec>(
        mode === 'create' ? `/api/cases/${caseId}/${plural}` : `/api/cases/${caseId}/${plural}/${id}`,
        { method: mode === 'create' ? 'POST' : 'PATCH', body },
      );
      navigate(`/cases/${caseId}/${plural}/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.byField());
        setFormError(err.message);
      } else setFormError(String(err));
    }
  };
  return (
    <>
      <CaseNav caseId={caseId} />
      <form className="record-form" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{t(mode === 'create' ? 'form.new' : 'form.edit', { kind: t(`kind.${kind.type}`) })}</h1>
        {formError && (
          <p className="error" role="alert">
            {formError}
          </p>
        )}
        {fields.map(([name, field]) => (
          <FieldInput
            key={name}
            caseId={caseId}
            name={name}
            schema={field}
            value={values[name]}
            error={errors[name]}
            onChange={(v) => set(name, v)}
          />
        ))}
        <button type="submit">{t('form.save')}</button>
      </form>
    </>
  );
}

function FieldInput(props: {
  caseId: string;
  name: string;
  schema: JsonSchema;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const { name, schema, value, error, onChange } = props;
  const widget = widgetFor(name, schema);
  const id = `field-${name}`;
  const describedBy = error ? `${id}-error` : undefined;
  const common = { id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy };
  let input;
  switch (widget) {
    case 'select':
      input = (
        <select
          {...common}
          value={String(value ?? schema.default ?? '')}
          onChange={(e) => onChange(e.target.value)}
        >
          {!schema.default && <option value="">—</option>}
          {schema.enum!.map((v) => (
            <option key={v} value={v}>
              {t(`enum.${v}`, { defaultValue: t(`label.${v}`, { defaultValue: v }) })}
            </option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      input = (
        <input
          {...common}
          type="checkbox"
          checked={Boolean(value ?? schema.default)}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
      break;
    case 'number':
      input = (
        <input
          {...common}
          type="number"
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
      break;
    case 'textarea':
      input = (
        <textarea
          {...common}
          rows={4}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'date':
      input = (
        <input
          {...common}
          value={String(value ?? '')}
          placeholder={t('form.datePlaceholder')}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'names':
      input = (
        <NamesInput
          kinds={schema.items?.properties?.kind?.enum ?? ['birth']}
          value={(value as Array<Record<string, string>>) ?? []}
          onChange={onChange}
        />
      );
      break;
    case 'location':
      input = <LocationInput value={value as Record<string, unknown> | null} onChange={onChange} />;
      break;
    case 'reference':
      input = (
        <ReferenceInput
          caseId={props.caseId}
          plural={referenceTarget(name)!}
          id={id}
          value={(value as string) ?? ''}
          onChange={onChange}
        />
      );
      break;
    case 'json':
      input = (
        <textarea
          {...common}
          rows={3}
          className="mono"
          value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    default:
      input = <input {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className={`field field-${widget}`}>
      <label htmlFor={id}>{t(`field.${name}`, { defaultValue: name })}</label>
      {input}
      {error && (
        <p id={`${id}-error`} className="error">
          {error}
        </p>
      )}
    </div>
  );
}

function NamesInput({
  kinds,
  value,
  onChange,
}: {
  kinds: string[];
  value: Array<Record<string, string>>;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const rows = value.length ? value : [{ text: '', kind: kinds[0]! }];
  const update = (i: number, patch: Record<string, string>) =>
    onChange(rows.map((r, j) => (i === j ? { ...r, ...patch } : r)));
  return (
    <div className="names-input" id="field-names">
      {rows.map((row, i) => (
        <div key={i} className="row">
          <input
            aria-label={t('form.nameText', { n: i + 1 })}
            value={row.text ?? ''}
            onChange={(e) => update(i, { text: e.target.value })}
            dir="auto"
          />
          <select
            aria-label={t('form.nameKind', { n: i + 1 })}
            value={row.kind ?? kinds[0]}
            onChange={(e) => update(i, { kind: e.target.value })}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`nameKind.${k}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="small"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={t('form.removeName', { n: i + 1 })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() =>
          onChange([
            ...rows,
            { text: '', kind: kinds.includes('transliteration') ? 'transliteration' : kinds[0]! },
          ])
        }
      >
        {t('form.addName')}
      </button>
    </div>
  );
}

function LocationInput({
  value,
  onChange,
}: {
  value: Record<string, unknown> | null;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const geometry = value?.geometry as { coordinates?: [number, number] } | undefined;
  const [lon, lat] = geometry?.coordinates ?? [undefined, undefined];
  const update = (patch: { lat?: string; lon?: string; precision?: string; certainty?: string }) => {
    const nextLat = patch.lat ?? (lat === undefined ? '' : String(lat));
    const nextLon = patch.lon ?? (lon === undefined ? '' : String(lon));
    if (nextLat === '' && nextLon === '') return onChange(null);
    onChange({
      geometry: { type: 'Point', coordinates: [Number(nextLon), Number(nextLat)] },
      precision: patch.precision ?? (value?.precision as string) ?? 'approximate',
      certainty: patch.certainty ?? (value?.certainty as string) ?? 'unknown',
    });
  };
  return (
    <div className="row" id="field-location">
      <label>
        {t('form.latitude')}{' '}
        <input type="number" step="any" value={lat ?? ''} onChange={(e) => update({ lat: e.target.value })} />
      </label>
      <label>
        {t('form.longitude')}{' '}
        <input type="number" step="any" value={lon ?? ''} onChange={(e) => update({ lon: e.target.value })} />
      </label>
      <label>
        {t('field.precision')}
        <select
          value={(value?.precision as string) ?? 'approximate'}
          onChange={(e) => update({ precision: e.target.value })}
        >
          {['exact', 'approximate', 'city', 'province', 'country'].map((p) => (
            <option key={p} value={p}>
              {t(`enum.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('field.certainty')}
        <select
          value={(value?.certainty as string) ?? 'unknown'}
          onChange={(e) => update({ certainty: e.target.value })}
        >
          {['confirmed', 'probable', 'suspected', 'unknown'].map((c) => (
            <option key={c} value={c}>
              {t(`certainty.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

function ReferenceInput({
  caseId,
  plural,
  id,
  value,
  onChange,
}: {
  caseId: string;
  plural: string;
  id: string;
  value: string;
  onChange: (v: unknown) => void;
}) {
  const lang = useLang();
  const { data } = useApi<Page<Rec>>(`/api/cases/${caseId}/${plural}?limit=500`);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">—</option>
      {(data?.items ?? []).map((r) => (
        <option key={r.id} value={r.id}>
          {recordTitle(r, lang)}
        </option>
      ))}
    </select>
  );
}
