import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

import { Sentiment } from '../model/delta';

export { statusColor } from '../model/color';

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
  fillGroup: css({ flex: '1 1 auto', minHeight: 0 }),
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
  // Cards keep their own height: a short card is not stretched to the tallest one of its row.
  grid: css({ display: 'grid', gap: GRID_GAP, alignItems: 'start' }),
  // One card fills the panel, as Grafana's Stat does with one value.
  fillGrid: css({ flex: '1 1 auto', minHeight: 0, alignItems: 'stretch', gridTemplateRows: 'minmax(0, 1fr)' }),
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
  fillCard: css({
    height: '100%',
    boxSizing: 'border-box',
    minHeight: 0,
    overflow: 'hidden',
    contentVisibility: 'visible',
  }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(0.5), minWidth: 0 }),
  // Dimension values on their own line: they wrap, they never end in an ellipsis.
  dimensions: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5), minWidth: 0, marginTop: -2 }),
  dimension: css({
    maxWidth: '100%',
    overflowWrap: 'anywhere',
    padding: theme.spacing(0, 0.75),
    borderRadius: theme.shape.radius.default,
    border: `1px solid ${theme.colors.border.medium}`,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.5,
  }),
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
  // The value takes the free height of a card that fills the panel; its font is sized to it.
  fillValueRow: css({ flex: '1 1 0', minHeight: 0, alignItems: 'center', overflow: 'hidden' }),
  value: css(ellipsis, {
    fontSize: 28,
    lineHeight: 1.2,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
  }),
  compactValue: css({ fontSize: 20, flexShrink: 0, maxWidth: '100%' }),
  valueLink: css({
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: theme.spacing(0.5),
    minWidth: 0,
    maxWidth: '100%',
    color: 'inherit',
    textDecoration: 'none',
    '&:hover .kpi-value-text': { textDecoration: 'underline' },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  valueButton: css({
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: theme.spacing(0.5),
    minWidth: 0,
    maxWidth: '100%',
    padding: 0,
    margin: 0,
    border: 'none',
    background: 'none',
    color: 'inherit',
    font: 'inherit',
    cursor: 'context-menu',
    textAlign: 'left',
    '&:hover .kpi-value-text': { textDecoration: 'underline' },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 1 },
  }),
  linkIcon: css({ flexShrink: 0, color: theme.colors.text.link, alignSelf: 'center' }),
  srOnly: css({
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0, 0, 0, 0)',
    whiteSpace: 'nowrap',
    border: 0,
  }),
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
  info: css({ flexShrink: 0 }),
});
