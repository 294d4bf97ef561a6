import { cx } from '@emotion/css';
import React from 'react';

import { Field, LinkModel } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { Freshness } from '../model/freshness';
import { getCardStyles } from './styles';

export function FreshnessText({ freshness }: { freshness: Freshness }) {
  const styles = useStyles2(getCardStyles);
  return (
    <span
      className={cx(styles.freshness, freshness.stale && styles.stale)}
      data-testid="kpi-freshness"
      data-stale={String(freshness.stale)}
    >
      <Icon name={freshness.stale ? 'exclamation-triangle' : 'clock-nine'} size="xs" aria-hidden />
      {freshness.text}
    </span>
  );
}

function DataLink({ link, className }: { link: LinkModel<Field>; className: string }) {
  const onClick = link.onClick
    ? (event: React.MouseEvent<HTMLAnchorElement>) => {
        event.preventDefault();
        link.onClick?.(event);
      }
    : undefined;
  return (
    <a className={className} href={link.href} target={link.target} onClick={onClick} title={link.title}>
      {link.title || 'Details'}
      {link.target === '_blank' && <Icon name="external-link-alt" size="xs" aria-hidden />}
    </a>
  );
}

interface Props {
  freshness?: Freshness;
  links: Array<LinkModel<Field>>;
}

/** Freshness on the left, data links (drill-down) on the right. */
export function CardFooter({ freshness, links }: Props) {
  const styles = useStyles2(getCardStyles);
  if (!freshness && links.length === 0) {
    return null;
  }
  return (
    <div className={styles.footer}>
      {freshness && <FreshnessText freshness={freshness} />}
      {links.length > 0 && (
        <span className={styles.links} data-testid="kpi-links">
          {links.map((link, i) => (
            <DataLink key={`${link.href}-${i}`} link={link} className={styles.link} />
          ))}
        </span>
      )}
    </div>
  );
}
