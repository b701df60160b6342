/**
 * The mentions spotted in a document, beside its text: each a suggestion to accept (which records an
 * excerpt and a claim), reject, or set back. A known person, organization or place needs nothing more; a
 * possible new name needs to be told what it is; a date or a count needs what it is about and which
 * property it gives. The server names what is missing, and it is shown under its field.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError, type FuzzyDate, type Rec } from '../../api.js';
import { DateText, Num, recordTitle, useLang } from '../../format.js';
import { AcceptForm } from './AcceptForm.js';
import { MentionKindBadge } from './evidence-format.js';
import { MENTION_KINDS, PLURAL_OF, type MentionKind, type MentionStatus, type MentionView } from './types.js';
import { useRecords } from './use-records.js';

const STATUSES: readonly MentionStatus[] = ['suggested', 'accepted', 'rejected'];
const STATUS_MARK: Record<MentionStatus, string> = { suggested: '○', accepted: '✓', rejected: '✗' };

export function MentionList({
  caseId,
  mentions,
  canDecide,
  picked,
  onDecided,
  onShow,
}: {
  caseId: string;
  mentions: MentionView[];
  canDecide: boolean;
  picked: string | null;
  onDecided: (mention: MentionView) => void;
  onShow: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<MentionKind | ''>('');
  const [status, setStatus] = useState<MentionStatus | ''>('');
  const people = useRecords(caseId, 'person');
  const organizations = useRecords(caseId, 'organization');
  const places = useRecords(caseId, 'place');
  const names = new Map([...people, ...organizations, ...places].map((r) => [r.id, r]));
  const shown = mentions.filter((m) => (!kind || m.kind === kind) && (!status || m.status === status));
  const present = MENTION_KINDS.filter((k) => mentions.some((m) => m.kind === k));
  return (
    <section className="mentions" aria-labelledby="mentions-title">
      <h2 id="mentions-title">
        {t('evidence.mentions.title')}{' '}
        <span className="muted">
          (<Num value={mentions.length} />)
        </span>
      </h2>
      {mentions.length === 0 ? (
        <p className="muted">{t('evidence.mentions.none')}</p>
      ) : (
        <div className="filters">
          <span>
            <label htmlFor="mention-kind">{t('evidence.mentions.kind')}</label>
            <select
              id="mention-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as MentionKind | '')}
            >
              <option value="">{t('common.all')}</option>
              {present.map((k) => (
                <option key={k} value={k}>
                  {t(`evidence.mentionKind.${k}`)}
                </option>
              ))}
            </select>
          </span>
          <span>
            <label htmlFor="mention-status">{t('evidence.mentions.status')}</label>
            <select
              id="mention-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as MentionStatus | '')}
            >
              <option value="">{t('common.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`evidence.mentionStatus.${s}`)}
                </option>
              ))}
            </select>
          </span>
        </div>
      )}
      <ol className="mention-list">
        {shown.map((m) => (
          <MentionItem
            key={m.id}
            caseId={caseId}
            mention={m}
            entity={m.entityId ? names.get(m.entityId) : undefined}
            canDecide={canDecide}
            picked={picked === m.id}
            onDecided={onDecided}
            onShow={onShow}
          />
        ))}
      </ol>
    </section>
  );
}

/** A count as the spotter read it: "more than 30,000", "between 2,800 and 3,800". */
function CountText({ value }: { value: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  const count = value?.count as { min: number | null; max: number | null; qualifier: string } | undefined;
  if (!count) return null;
  return (
    <>
      {t(`evidence.qualifier.${count.qualifier}`, { defaultValue: count.qualifier })}{' '}
      {count.min !== null && <Num value={count.min} />}
      {count.min !== null && count.max !== null && count.max !== count.min && '–'}
      {count.max !== null && count.max !== count.min && <Num value={count.max} />}
    </>
  );
}

function MentionItem({
  caseId,
  mention,
  entity,
  canDecide,
  picked,
  onDecided,
  onShow,
}: {
  caseId: string;
  mention: MentionView;
  entity: Rec | undefined;
  canDecide: boolean;
  picked: boolean;
  onDecided: (mention: MentionView) => void;
  onShow: (id: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const item = useRef<HTMLLIElement>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const needsMore = mention.kind === 'date' || mention.kind === 'count' || mention.kind === 'candidate';

  useEffect(() => {
    if (picked) {
      item.current?.scrollIntoView({ block: 'nearest' });
      item.current?.focus();
    }
  }, [picked]);

  const decide = async (decision: 'accept' | 'reject' | 'suggested', extra: Record<string, string> = {}) => {
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api<MentionView>(`/api/cases/${caseId}/mentions/${mention.id}`, {
        method: 'PATCH',
        body: { decision, ...extra },
      });
      setOpen(false);
      onDecided(updated);
      item.current?.focus();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  };

  const entityPlural = mention.entityType ? PLURAL_OF[mention.entityType] : undefined;
  return (
    <li
      ref={item}
      tabIndex={-1}
      className={`mention-item${picked ? ' picked' : ''}`}
      data-status={mention.status}
    >
      <div className="mention-head">
        <MentionKindBadge kind={mention.kind} />
        <bdi className="mention-text">{mention.text}</bdi>
        <span className={`badge mention-status-${mention.status}`}>
          {STATUS_MARK[mention.status]} {t(`evidence.mentionStatus.${mention.status}`)}
        </span>
      </div>
      <div className="mention-facts muted">
        {entity && entityPlural && (
          <>
            {t('evidence.mentions.knownAs')}{' '}
            <Link to={`/cases/${caseId}/${entityPlural}/${entity.id}`}>{recordTitle(entity, lang)}</Link>
            {' · '}
          </>
        )}
        {mention.kind === 'date' && Boolean(mention.value?.date) && (
          <>
            <DateText date={mention.value!.date as FuzzyDate} />
            {' · '}
          </>
        )}
        {mention.kind === 'count' && (
          <>
            <CountText value={mention.value} />
            {' · '}
          </>
        )}
        {mention.match && (
          <>
            {t(`evidence.match.${mention.match}`, { defaultValue: mention.match })}
            {' · '}
          </>
        )}
        {t('evidence.mentions.score')} <Num value={`${Math.round(mention.score * 100)} %`} />
      </div>
      {mention.status === 'accepted' && <p className="mention-recorded">{t('evidence.mentions.recorded')}</p>}
      <div className="actions">
        <button type="button" className="small secondary" onClick={() => onShow(mention.id)}>
          {t('evidence.mentions.show')}
        </button>
        {canDecide && mention.status === 'suggested' && !open && (
          <>
            <button
              type="button"
              className="small"
              disabled={busy}
              onClick={() => (needsMore ? setOpen(true) : void decide('accept'))}
            >
              {needsMore ? `${t('evidence.mentions.accept')}…` : t('evidence.mentions.accept')}
            </button>
            <button
              type="button"
              className="small danger"
              disabled={busy}
              onClick={() => void decide('reject')}
            >
              {t('evidence.mentions.reject')}
            </button>
          </>
        )}
        {canDecide && mention.status !== 'suggested' && (
          <button
            type="button"
            className="small secondary"
            disabled={busy}
            onClick={() => void decide('suggested')}
          >
            {t('evidence.mentions.undo')}
          </button>
        )}
      </div>
      {open && (
        <AcceptForm
          caseId={caseId}
          mention={mention}
          busy={busy}
          error={error}
          onSubmit={(extra) => void decide('accept', extra)}
          onCancel={() => {
            setOpen(false);
            setError(undefined);
          }}
        />
      )}
      {!open && error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
    </li>
  );
}
