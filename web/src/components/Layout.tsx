import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { api } from '../api.js';
import { applyLanguage } from '../i18n/index.js';
import { useSession } from '../session.js';

export function Layout() {
  const { t, i18n } = useTranslation();
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  usePageTitle();
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' });
    await refresh();
    navigate('/');
  };
  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <Link to="/">{t('nav.memorial')}</Link>
          {me?.user && <Link to="/cases">{t('nav.cases')}</Link>}
        </nav>
        <div className="spacer" />
        <label className="lang">
          <span className="visually-hidden">{t('nav.language')}</span>
          <select
            value={i18n.language}
            onChange={(e) => applyLanguage(e.target.value as 'en' | 'fa')}
            aria-label={t('nav.language')}
          >
            <option value="en">English</option>
            <option value="fa">فارسی</option>
          </select>
        </label>
        {me?.user ? (
          <span className="user">
            <Link to="/second-factor" title={t('auth.secondFactor')}>
              {me.user.username}
            </Link>
            <button type="button" onClick={() => void logout()}>
              {t('nav.logout')}
            </button>
          </span>
        ) : (
          <Link to="/login">{t('nav.login')}</Link>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/**
 * The tab names the page: its heading (a person's name, "People", "Map"), or its error, then the app's name.
 * Read from the page itself, so that every page, and a heading that arrives with its data, is named alike.
 */
function usePageTitle(): void {
  const { t } = useTranslation();
  useEffect(() => {
    const main = document.getElementById('main');
    if (!main) return;
    const update = () => {
      const heading = main.querySelector('h1')?.textContent?.trim();
      const error = main.querySelector('.error')?.textContent?.trim();
      const title = `${heading || error || t('common.loading')} — ${t('app.name')}`;
      if (document.title !== title) document.title = title;
    };
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    update();
    return () => observer.disconnect();
  }, [t]);
}
