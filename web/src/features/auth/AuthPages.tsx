import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, type Me } from '../../api.js';
import { useSession } from '../../session.js';

/** Whether a failed login asks for (or rejected) a second-factor code. */
function wantsCode(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401 && err.fields.some((f) => f.field === 'code');
}

export function LoginPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // The code field appears when the server asks for it, or when the account is slowed down: a valid code
  // lets its owner in at once (see docs/architecture.md, Sessions).
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/auth/login', {
        method: 'POST',
        body: { username, password, ...(askCode && code.trim() ? { code: code.trim() } : {}) },
      });
      const me = await api<Me>('/api/auth/me');
      await refresh();
      navigate(
        me.user?.mustChangePassword
          ? '/password'
          : me.user?.mustEnrolSecondFactor
            ? '/second-factor'
            : '/cases',
      );
    } catch (err) {
      if (wantsCode(err)) {
        const first = !askCode || !code.trim();
        setAskCode(true);
        setError(first ? t('auth.codeNeeded') : t('auth.wrongCode'));
        return;
      }
      if (err instanceof ApiError && err.status === 429) {
        setAskCode(true);
        setError(t('auth.tooMany'));
        return;
      }
      setError(
        err instanceof ApiError && err.status === 401 ? t('auth.wrong') : String((err as Error).message),
      );
    }
  };
  return (
    <form className="narrow" onSubmit={(e) => void submit(e)}>
      <h1>{t('auth.login')}</h1>
      <label htmlFor="username">{t('auth.username')}</label>
      <input
        id="username"
        autoComplete="username"
        value={username}
        onChange={(e) => setUsername(e.target.value)}
        required
      />
      <label htmlFor="password">{t('auth.password')}</label>
      <input
        id="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      {askCode && (
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
            aria-describedby="code-help"
            autoFocus
          />
          <p id="code-help" className="muted">
            {t('auth.codeHelp')}
          </p>
        </>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{t('auth.login')}</button>
    </form>
  );
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('/api/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
      });
      await refresh();
      navigate('/login');
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setErrors({ currentPassword: t('auth.wait') });
      else setErrors(err instanceof ApiError ? err.byField() : { newPassword: String(err) });
    }
  };
  return (
    <form className="narrow" onSubmit={(e) => void submit(e)}>
      <h1>{t('auth.changePassword')}</h1>
      <p className="muted">{t('auth.changePasswordHelp')}</p>
      <label htmlFor="current">{t('auth.currentPassword')}</label>
      <input
        id="current"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      {errors.currentPassword && <p className="error">{errors.currentPassword}</p>}
      <label htmlFor="next">{t('auth.newPassword')}</label>
      <input
        id="next"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      {errors.newPassword && <p className="error">{errors.newPassword}</p>}
      <button type="submit">{t('auth.save')}</button>
    </form>
  );
}
