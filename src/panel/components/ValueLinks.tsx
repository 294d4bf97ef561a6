import { cx } from '@emotion/css';
import React from 'react';

import { Field, LinkModel } from '@grafana/data';
import { DataLinksContextMenu, DataLinksContextMenuApi, Icon, useStyles2 } from '@grafana/ui';

import { getCardStyles } from './styles';

interface Props {
  links: Array<LinkModel<Field>>;
  /** The card's name, for the accessible name of the menu button. */
  name: string;
  value: React.ReactElement;
}

/** The single link's anchor (DataLinksContextMenu makes it a flex box that hides overflow). */
const LINK_STYLE: React.CSSProperties = { color: 'inherit', textDecoration: 'none', minWidth: 0, maxWidth: '100%' };

/**
 * Keyboard clicks carry no pointer position; the menu then opens under the button instead of in
 * the page's top-left corner.
 */
function menuOpener(openMenu: NonNullable<DataLinksContextMenuApi['openMenu']>) {
  return (event: React.MouseEvent<HTMLButtonElement>) => {
    if (event.detail > 0 || event.pageX !== 0 || event.pageY !== 0) {
      openMenu(event);
      return;
    }
    const box = event.currentTarget.getBoundingClientRect();
    const pageX = box.left + window.scrollX;
    const pageY = box.bottom + window.scrollY;
    openMenu({ ...event, pageX, pageY } as React.MouseEvent<HTMLButtonElement>);
  };
}

/**
 * The value as the way to the field's data links, through Grafana's DataLinksContextMenu (as in
 * Stat): one link makes the value that link, several open Grafana's "Data links" menu.
 */
export function ValueLinks({ links, name, value }: Props) {
  const styles = useStyles2(getCardStyles);
  const single = links.length === 1 ? links[0] : undefined;
  return (
    <DataLinksContextMenu links={() => links} style={LINK_STYLE}>
      {(api) =>
        api.openMenu ? (
          <button
            type="button"
            className={cx(styles.valueButton, api.targetClassName)}
            onClick={menuOpener(api.openMenu)}
            aria-haspopup="menu"
            data-testid="kpi-links"
            data-links={links.length}
          >
            {value}
            <Icon className={styles.linkIcon} name="link" size="sm" aria-hidden />
            <span className={styles.srOnly}>{`, ${links.length} data links for ${name}`}</span>
          </button>
        ) : (
          <span className={styles.valueLink} data-testid="kpi-links" data-links={links.length}>
            {value}
            <Icon
              className={styles.linkIcon}
              name={single?.target === '_blank' ? 'external-link-alt' : 'link'}
              size="sm"
              aria-hidden
            />
            <span className={styles.srOnly}>{`, ${single?.title || 'data link'}`}</span>
          </span>
        )
      }
    </DataLinksContextMenu>
  );
}
