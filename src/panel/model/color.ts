import { DisplayProcessor, Field, FieldColorModeId, getDisplayProcessor, GrafanaTheme2 } from '@grafana/data';

import { StatusLevel } from '../types';
import { CardStatus } from './status';

/**
 * The colour of a card's value: its status (themed colours with AA contrast) or a colour the
 * user chose (a value mapping's colour, a fixed colour, a palette, a threshold step colour).
 */
export type CardColor =
  { kind: 'status'; level: Extract<StatusLevel, 'ok' | 'warning' | 'critical'> } | { kind: 'fixed'; color: string };

/** Text colour of a status; every one keeps WCAG AA contrast on the card background in both themes. */
export function statusColor(theme: GrafanaTheme2, level: StatusLevel): string {
  switch (level) {
    case 'ok':
      return theme.colors.success.text;
    case 'warning':
      return theme.colors.warning.text;
    case 'critical':
      return theme.colors.error.text;
    default:
      return theme.colors.text.secondary;
  }
}

/** The strong colour of a status, for backgrounds and borders. */
export function statusMainColor(theme: GrafanaTheme2, level: StatusLevel): string {
  switch (level) {
    case 'ok':
      return theme.colors.success.main;
    case 'warning':
      return theme.colors.warning.main;
    case 'critical':
      return theme.colors.error.main;
    default:
      return theme.colors.border.medium;
  }
}

function displayOf(field: Field, theme: GrafanaTheme2): DisplayProcessor {
  return field.display ?? getDisplayProcessor({ field, theme });
}

/** The colour a value mapping gives the value, if one matches and has a colour. */
export function mappingColor(field: Field, value: number, theme: GrafanaTheme2): string | undefined {
  const mappings = field.config.mappings ?? [];
  if (!mappings.some((m) => JSON.stringify(m.options ?? {}).includes('"color"'))) {
    return undefined;
  }
  const withMappings = displayOf(field, theme)(value).color;
  const without = getDisplayProcessor({ field: { ...field, config: { ...field.config, mappings: [] } }, theme })(
    value
  ).color;
  return withMappings !== without ? withMappings : undefined;
}

/**
 * Grafana's rules, with the card's status standing in for the default thresholds:
 * 1. a matching value mapping's colour;
 * 2. a Color scheme other than "From thresholds" (fixed, palette, gradients): Grafana's colour;
 * 3. "From thresholds" (the default): the field's step colour when the status comes from the
 *    field thresholds, else the status colour (OK, Warning, Critical); no data and no target: none.
 */
export function cardColor(
  field: Field,
  value: number | undefined,
  status: CardStatus,
  theme: GrafanaTheme2
): CardColor | undefined {
  if (value !== undefined) {
    const mapped = mappingColor(field, value, theme);
    if (mapped) {
      return { kind: 'fixed', color: mapped };
    }
    const mode = field.config.color?.mode;
    if ((mode && mode !== FieldColorModeId.Thresholds) || status.source === 'field-thresholds') {
      const color = displayOf(field, theme)(value).color;
      if (color) {
        return { kind: 'fixed', color };
      }
    }
  }
  const level = status.level;
  return level === 'ok' || level === 'warning' || level === 'critical' ? { kind: 'status', level } : undefined;
}
