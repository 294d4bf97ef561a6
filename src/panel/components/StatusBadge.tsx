import React from 'react';

import { IconName } from '@grafana/data';
import { Icon, useTheme2 } from '@grafana/ui';

import { CardStatus } from '../model/status';
import { StatusLevel } from '../types';
import { statusColor } from './styles';

export const STATUS_ICONS: Record<StatusLevel, IconName> = {
  ok: 'check-circle',
  warning: 'exclamation-triangle',
  critical: 'times-circle',
  nodata: 'question-circle',
  none: 'minus-circle',
};

interface Props {
  status: CardStatus;
  className: string;
}

/** Status as icon and text, never colour alone; the reason shows on hover. */
export function StatusBadge({ status, className }: Props) {
  const theme = useTheme2();
  return (
    <span
      className={className}
      style={{ color: statusColor(theme, status.level) }}
      title={status.reason}
      data-testid="kpi-status"
    >
      <Icon name={STATUS_ICONS[status.level]} size="sm" aria-hidden />
      {status.text}
    </span>
  );
}
