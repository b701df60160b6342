import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useSession } from '../../session.js';

interface Enrolment {
  secret: string;
  uri: string;
}

/** Set up or remove the TOTP second factor. No QR code: the key is shown grouped for typing, the link as text. */
export function SecondFactorPage() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  if (!me) return null;
  if (!me.user)
    return (
      <p className="narrow">
        <Link to="/login">{t('nav.login')}</Link>
      </p>
    );
  const enabled = me.user.secondFactor;

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 429) setErrors({ password: t('auth.wait') });
    else setErrors(err instanceof ApiError ? err.byField() : { password: String(err) });
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      setEnrolment(
        await api<Enrolment>('/api/auth/second-factor/start', { method: 'POST', body: { password } }),
      );
      setPassword('');
    } catch (err) {
      fail(err);
    }
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await api('/api/auth/second-factor/confirm', { method: 'POST', body: { code: code.trim() } });
      setEnrolment(null);
      setCode('');
      setDone(t('auth.enabled'));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  const disable = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await api('/api/auth/second-factor/disable', {
        method: 'POST',
        body: { password, code: code.trim() },
      });
      setPassword('');
      setCode('');
      setDone(t('auth.disabled'));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };

  const codeField = (
    <>
      <label htmlFor="code">{t('auth.code')}</label>
      <input
        id="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={8}
        dir="ltr"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        aria-invalid={Boolean(errors.code)}
        aria-describedby={errors.code ? 'code-error' : undefined}
      />
      {errors.code && (
        <p id="code-error" className="error">
          {errors.code}
        </p>
      )}
    </>
  );
  const passwordField = (
    <>
      <label htmlFor="password">{t('auth.password')}</label>
      <input
        id="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        aria-invalid={Boolean(errors.password)}
        aria-describedby={errors.password ? 'password-error' : undefined}
        required
      />
      {errors.password && (
        <p id="password-error" className="error">
          {errors.password}
        </p>
      )}
    </>
  );

  return (
    <div className="narrow">
      <h1>{t('auth.secondFactor')}</h1>
      {me.user.mustEnrolSecondFactor && <p className="error">{t('auth.secondFactorRequired')}</p>}
      {done && (
        <p role="status">
          {done}
          {!me.user.mustEnrolSecondFactor && enabled && (
            <>
              {' '}
              <Link to="/cases">{t('auth.continue')}</Link>
            </>
          )}
        </p>
      )}
      <p className="muted">{enabled ? t('auth.secondFactorOn') : t('auth.secondFactorOff')}</p>
      {enabled ? (
        <form onSubmit={(e) => void disable(e)}>
          <h2>{t('auth.disable')}</h2>
          {passwordField}
          {codeField}
          <button type="submit">{t('auth.disable')}</button>
        </form>
      ) : enrolment ? (
        <form onSubmit={(e) => void confirm(e)}>
          <p>{t('auth.secretHelp')}</p>
          <p>
            {t('auth.secretKey')}
            {': '}
            <code dir="ltr" className="secret">
              {enrolment.secret}
            </code>
          </p>
          <p>
            {t('auth.uri')}
            {': '}
            <code dir="ltr" className="secret">
              {enrolment.uri}
            </code>
          </p>
          <p className="muted">{t('auth.confirmHelp')}</p>
          {codeField}
          <button type="submit">{t('auth.confirm')}</button>
        </form>
      ) : (
        <form onSubmit={(e) => void start(e)}>
          <h2>{t('auth.start')}</h2>
          <p className="muted">{t('auth.startHelp')}</p>
          {passwordField}
          <button type="submit">{t('auth.start')}</button>
        </form>
      )}
    </div>
  );
}
