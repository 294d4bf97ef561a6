import React from 'react';

import { Icon, useStyles2, useTheme2 } from '@grafana/ui';

import { BudgetModel, BurnPairModel, SloModel } from '../model/slo';
import { getCardStyles, statusColor } from './styles';

function BudgetBar({ budget }: { budget: BudgetModel }) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  const color = statusColor(theme, budget.level);
  return (
    <div data-testid="kpi-budget">
      <div>
        Error budget <span style={{ color, fontWeight: theme.typography.fontWeightMedium }}>{budget.text}</span>
      </div>
      <div className={styles.budgetTrack} aria-hidden>
        <div style={{ width: `${budget.fill * 100}%`, height: '100%', background: color }} />
      </div>
    </div>
  );
}

function BurnPair({ pair }: { pair: BurnPairModel }) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  const color = pair.firing ? statusColor(theme, pair.level) : undefined;
  return (
    <li
      className={styles.pair}
      data-testid="kpi-burn"
      data-firing={String(pair.firing)}
      data-level={pair.level}
      title={pair.severity ? `${pair.spoken}, severity ${pair.severity}` : pair.spoken}
    >
      <Icon name={pair.firing ? 'fire' : 'check'} size="sm" aria-hidden style={{ color }} />
      <span style={{ color }}>{pair.text}</span>
      <span className={styles.strong}>{pair.ratesText}</span>
    </li>
  );
}

/** Error budget bar, burn-rate pairs (which fires, at what rate) and time to exhaustion. */
export function SloSummary({ slo }: { slo: SloModel }) {
  const styles = useStyles2(getCardStyles);
  return (
    <div className={styles.slo} data-testid="kpi-slo">
      {slo.budget && ('missing' in slo.budget ? <div>{slo.budget.missing}</div> : <BudgetBar budget={slo.budget} />)}
      {slo.pairs.length > 0 && (
        <ul className={styles.pairs} aria-label="Burn rate alerts">
          {slo.pairs.map((pair) => (
            <BurnPair key={`${pair.short}_${pair.long}`} pair={pair} />
          ))}
        </ul>
      )}
      {slo.loneRates.length > 0 && (
        <div>Burn rate {slo.loneRates.map((rate) => `${rate.window} ${rate.text}`).join(' \u00B7 ')}</div>
      )}
      {slo.exhaustion && <div data-testid="kpi-exhaustion">{slo.exhaustion.text}</div>}
      {slo.sli && <div>SLI {slo.sli.text}</div>}
    </div>
  );
}

/** One line for compact cards: budget left and the firing pairs. */
export function CompactSlo({ slo }: { slo: SloModel }) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  const firing = slo.pairs.filter((pair) => pair.firing);
  const budget = slo.budget && 'text' in slo.budget ? slo.budget : undefined;
  if (!budget && firing.length === 0) {
    return null;
  }
  return (
    <div className={styles.line} data-testid="kpi-slo">
      {budget && (
        <span style={{ color: statusColor(theme, budget.level) }} data-testid="kpi-budget">
          Budget {budget.text}
        </span>
      )}
      {firing.map((pair) => (
        <span
          key={pair.long}
          style={{ color: statusColor(theme, pair.level) }}
          data-testid="kpi-burn"
          data-firing="true"
        >
          {' \u00B7 '}
          <Icon name="fire" size="xs" aria-hidden /> {pair.speed} burn
        </span>
      ))}
    </div>
  );
}
