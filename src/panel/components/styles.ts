import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

import { Sentiment } from '../model/delta';
import { StatusLevel } from '../types';

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

export function sentimentColor(theme: GrafanaTheme2, sentiment: Sentiment): string {
  return sentiment === 'good'
    ? theme.colors.success.text
    : sentiment === 'bad'
      ? theme.colors.error.text
      : theme.colors.text.secondary;
}

/** Gap between cards, in pixels (the layout maths needs the number). */
export const GRID_GAP = 8;

const ellipsis = css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 });

export const getPanelStyles = (theme: GrafanaTheme2) => ({
  root: css({
    height: '100%',
    width: '100%',
    overflowY: 'auto',
    overflowX: 'hidden',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  group: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  groupTitle: css({
    margin: 0,
    fontSize: theme.typography.h6.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
    color: theme.colors.text.primary,
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
  }),
  groupCount: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  grid: css({ display: 'grid', gap: GRID_GAP, alignItems: 'stretch' }),
  notice: css({
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    border: `1px solid ${theme.colors.error.border}`,
    color: theme.colors.text.primary,
    background: theme.colors.background.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  noticeIcon: css({ color: theme.colors.error.text, flexShrink: 0, marginTop: 2 }),
  message: css({
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
    textAlign: 'center',
    color: theme.colors.text.primary,
    padding: theme.spacing(1),
  }),
  messageDetail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});

export const getCardStyles = (theme: GrafanaTheme2) => ({
  card: css({
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 0,
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    // Off-screen cards skip layout and paint until scrolled to (hundreds of cards stay fast).
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 220px',
    '&:focus': { outline: 'none' },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: 2,
    },
  }),
  compactCard: css({ padding: theme.spacing(0.75, 1), gap: theme.spacing(0.25), containIntrinsicSize: 'auto 84px' }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5), minWidth: 0 }),
  name: css(ellipsis, {
    flex: '1 1 auto',
    fontWeight: theme.typography.fontWeightMedium,
    fontSize: theme.typography.body.fontSize,
  }),
  compactName: css({ fontSize: theme.typography.bodySmall.fontSize }),
  owner: css(ellipsis, { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  status: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    flexShrink: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  valueRow: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1), minWidth: 0 }),
  value: css(ellipsis, {
    fontSize: 28,
    lineHeight: 1.2,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
  }),
  compactValue: css({ fontSize: 20, flexShrink: 0, maxWidth: '100%' }),
  problem: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  line: css(ellipsis, { fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.secondary }),
  delta: css({ fontWeight: theme.typography.fontWeightMedium, fontVariantNumeric: 'tabular-nums' }),
  strong: css({ color: theme.colors.text.primary, fontVariantNumeric: 'tabular-nums' }),
  sparkline: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
  sparklineSvg: css({ display: 'block', width: '100%', height: 40, overflow: 'visible' }),
  compactSparklineSvg: css({ height: 20 }),
  sparklineScale: css(ellipsis, { fontSize: 11, color: theme.colors.text.secondary }),
  slo: css({
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  budgetTrack: css({
    height: 6,
    borderRadius: 3,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.medium}`,
    overflow: 'hidden',
  }),
  pairs: css({ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 1 }),
  pair: css(ellipsis, { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  footer: css({
    marginTop: 'auto',
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minWidth: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  freshness: css(ellipsis, { display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  stale: css({ color: theme.colors.warning.text, fontWeight: theme.typography.fontWeightMedium }),
  links: css({ display: 'flex', gap: theme.spacing(1), marginLeft: 'auto', minWidth: 0 }),
  link: css(ellipsis, {
    color: theme.colors.text.link,
    textDecoration: 'underline',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  info: css({ flexShrink: 0 }),
});
