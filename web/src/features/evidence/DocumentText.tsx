/**
 * The extracted text of a document, paragraph by paragraph (each finds its own direction, so Persian reads
 * right to left beside English), with the spotted mentions highlighted. Selecting text offers to record it
 * as an excerpt of the source, with the selection's offsets into the text.
 */
import { memo, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldLabel, problemText } from '../../api.js';
import { Num } from '../../format.js';
import { useDigits, useLanguageName } from './evidence-format.js';
import { drawableMentions, pageAt, paragraphsOf, piecesOf, selectedSpan, type Span } from './text-spans.js';
import { MENTION_KINDS, type MentionView } from './types.js';

type Drawn = MentionView & Span;

/** The text with its highlights. Memoised: a long document is drawn again only when its mentions change. */
const TextBody = memo(function TextBody({
  text,
  mentions,
  target,
  onPick,
}: {
  text: string;
  mentions: MentionView[];
  /** An offset to bring into view (from a search hit): its paragraph is marked. */
  target: number | null;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  const digits = useDigits();
  const paragraphs = useMemo(() => paragraphsOf(text), [text]);
  const drawn = useMemo(() => {
    const spans: Drawn[] = mentions.map((m) => ({ ...m, start: m.charStart, end: m.charEnd }));
    return drawableMentions(spans, text.length);
  }, [mentions, text.length]);
  return (
    <>
      {paragraphs.map((p) => (
        <div key={p.start} className="paragraph-wrap">
          {p.pageStart && (
            <div className="page-break" aria-hidden="true">
              {t('evidence.viewer.page', { page: digits(p.page) })}
            </div>
          )}
          <p
            dir="auto"
            className={`paragraph${target !== null && p.start <= target && target < p.end ? ' target' : ''}`}
          >
            {piecesOf(p, drawn).map((piece) =>
              piece.mention ? (
                <mark
                  key={piece.start}
                  id={piece.start === piece.mention.start ? `mention-${piece.mention.id}` : undefined}
                  tabIndex={-1}
                  data-o={piece.start}
                  data-cue={t(`evidence.cue.${piece.mention.kind}`)}
                  data-status={piece.mention.status}
                  className={`mention mention-${piece.mention.kind}`}
                  title={`${t(`evidence.mentionKind.${piece.mention.kind}`)} — ${t(
                    `evidence.mentionStatus.${piece.mention.status}`,
                  )}`}
                  onClick={() => onPick(piece.mention!.id)}
                >
                  {text.slice(piece.start, piece.end)}
                </mark>
              ) : (
                <span key={piece.start} data-o={piece.start}>
                  {text.slice(piece.start, piece.end)}
                </span>
              ),
            )}
          </p>
        </div>
      ))}
    </>
  );
});

export function DocumentText({
  caseId,
  sourceId,
  text,
  language,
  sensitivity,
  labels,
  mentions,
  canExcerpt,
  target,
  onPick,
}: {
  caseId: string;
  sourceId: string | null;
  text: string;
  language: string | null;
  sensitivity: string;
  labels: string[];
  mentions: MentionView[];
  canExcerpt: boolean;
  target: number | null;
  onPick: (id: string) => void;
}) {
  const { t } = useTranslation();
  const root = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<Span | null>(null);

  useEffect(() => {
    if (target !== null)
      root.current?.querySelector('.paragraph.target')?.scrollIntoView({ block: 'center' });
  }, [target, text]);

  useEffect(() => {
    if (!canExcerpt) return;
    const onChange = () => {
      const element = root.current;
      const current = document.getSelection();
      if (!element || !current || current.rangeCount === 0) return;
      const range = current.getRangeAt(0);
      // A selection elsewhere (a click on the excerpt form) keeps the one made in the text.
      if (!element.contains(range.commonAncestorContainer)) return;
      setSelection(range.collapsed ? null : selectedSpan(element, range, text));
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [text, canExcerpt]);

  return (
    <div className="document-text">
      <MentionLegend />
      {canExcerpt && <p className="muted">{t('evidence.viewer.selectHint')}</p>}
      <div ref={root} className="text-body" lang={language ?? undefined}>
        <TextBody text={text} mentions={mentions} target={target} onPick={onPick} />
      </div>
      {canExcerpt && selection && sourceId && (
        <ExcerptForm
          key={`${selection.start}-${selection.end}`}
          caseId={caseId}
          sourceId={sourceId}
          text={text}
          span={selection}
          language={language}
          sensitivity={sensitivity}
          labels={labels}
          onDone={() => {
            document.getSelection()?.removeAllRanges();
            setSelection(null);
          }}
        />
      )}
    </div>
  );
}

/** What the highlight colours, letters and underlines stand for. */
function MentionLegend() {
  const { t } = useTranslation();
  return (
    <ul className="mention-legend" aria-label={t('evidence.viewer.legend')}>
      {MENTION_KINDS.map((kind) => (
        <li key={kind}>
          <mark className={`mention mention-${kind}`} data-cue={t(`evidence.cue.${kind}`)}>
            {t(`evidence.mentionKind.${kind}`)}
          </mark>
        </li>
      ))}
    </ul>
  );
}

/** Records the selected text as an excerpt of the document's source. */
function ExcerptForm({
  caseId,
  sourceId,
  text,
  span,
  language,
  sensitivity,
  labels,
  onDone,
}: {
  caseId: string;
  sourceId: string;
  text: string;
  span: Span;
  language: string | null;
  sensitivity: string;
  labels: string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const digits = useDigits();
  const [label, setLabel] = useState(sensitivity);
  const [lang, setLang] = useState(language ?? '');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const quote = text.slice(span.start, span.end);
  const page = pageAt(text, span.start);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/cases/${caseId}/excerpts`, {
        method: 'POST',
        body: {
          sourceId,
          locator: { charStart: span.start, charEnd: span.end, ...(page ? { page } : {}) },
          quote,
          language: lang || null,
          sensitivity: label,
        },
      });
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  };
  if (saved)
    return (
      <div className="excerpt-form" role="status">
        <p>✓ {t('evidence.excerpt.saved')}</p>
        <button type="button" className="small" onClick={onDone}>
          {t('evidence.excerpt.close')}
        </button>
      </div>
    );
  const languages = [...new Set(['fa', 'en', ...(language ? [language] : [])])];
  return (
    <form className="excerpt-form" onSubmit={(e) => void submit(e)} aria-label={t('evidence.excerpt.title')}>
      <p className="excerpt-quote" dir="auto">
        «{quote.length > 300 ? `${quote.slice(0, 300)}…` : quote}»
      </p>
      <p className="muted">
        {t('evidence.excerpt.offsets')}: <Num value={span.start} />–<Num value={span.end} />
        {page !== null && (
          <>
            {' · '}
            {t('evidence.viewer.page', { page: digits(page) })}
          </>
        )}
        {' · '}
        {t('evidence.excerpt.length', { n: digits(quote.length) })}
      </p>
      <div className="row">
        <div>
          <label htmlFor="excerpt-language">{t('evidence.excerpt.language')}</label>
          <select id="excerpt-language" value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="">{t('evidence.languages.unknown')}</option>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="excerpt-sensitivity">{t('evidence.excerpt.sensitivity')}</label>
          <select id="excerpt-sensitivity" value={label} onChange={(e) => setLabel(e.target.value)}>
            {[...new Set([sensitivity, ...labels])].map((l) => (
              <option key={l} value={l}>
                {t(`label.${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <div className="error" role="alert">
          <p>{error.message}</p>
          {error.fields.length > 0 && (
            <ul>
              {error.fields.map((f) => (
                <li key={f.field}>
                  {fieldLabel(f.field)}: {problemText(f)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('evidence.excerpt.create')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('evidence.excerpt.cancel')}
        </button>
      </div>
    </form>
  );
}
