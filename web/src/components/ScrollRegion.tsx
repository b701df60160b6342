import type { ReactNode } from 'react';

/**
 * Content wider than a phone (a table, a chart) that scrolls sideways inside the page. It can be reached and
 * scrolled by keyboard, and a screen reader names it.
 */
export function ScrollRegion({
  label,
  className = 'table-wrap',
  dir,
  children,
}: {
  label: string;
  className?: string;
  dir?: 'ltr' | 'rtl';
  children: ReactNode;
}) {
  return (
    <div className={className} role="region" aria-label={label} tabIndex={0} dir={dir}>
      {children}
    </div>
  );
}
