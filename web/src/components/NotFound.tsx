import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return <p className="error">{t('common.notFound')}</p>;
}
