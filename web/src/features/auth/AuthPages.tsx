import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useSession } from '../../session.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { user } = await api<{ user: { mustChangePassword: boolean } }>('/api/auth/login', {
        method: 'POST',
        body: { username, password },
      });
      await refresh();
      navigate(user.mustChangePassword ? '/password' : '/cases');
    } catch (err) {
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
      setErrors(err instanceof ApiError ? err.byField() : { newPassword: String(err) });
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
