import type { ReactNode } from 'react';

/** A titled card; `wide` spans the whole grid row. */
export function Panel({
  title,
  actions,
  children,
  wide,
  testId,
  note,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
  note?: ReactNode;
}) {
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={`panel${wide ? ' wide' : ''}`} aria-labelledby={id} data-testid={testId}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      {note && <p className="panel-note">{note}</p>}
      {children}
    </section>
  );
}
