import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const status = (error as { status?: number }).status;
  const message =
    status === 404
      ? t('common.notFound')
      : status === 403
        ? t('common.forbidden')
        : status === 401
          ? t('common.loginRequired')
          : error instanceof ApiError
            ? error.message
            : t('errors.code.network');
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
