import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2 } from '@grafana/ui';
import { describeSlo } from '../../datasource/slos';
import { Slo } from '../../datasource/types';

interface Props {
  /** Names the list for assistive technology: "SLOs of <KPI name>". */
  kpiName: string;
  slos: Slo[];
}

/** A KPI's SLOs: name, objective, window and budgeting method, one per line. */
export function SloList({ kpiName, slos }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.list} aria-label={`SLOs of ${kpiName}`}>
      {slos.map((slo) => (
        <li key={slo.name} className={styles.item}>
          <Text weight="medium">{slo.name}</Text>
          <Text color="secondary">{describeSlo(slo)}</Text>
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ listStyle: 'none', margin: 0, padding: 0 }),
  item: css({ display: 'flex', flexWrap: 'wrap', columnGap: theme.spacing(1) }),
});
