import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, Label, Stack, Tooltip, useStyles2 } from '@grafana/ui';

interface Props {
  /** The id of the input the label is for. */
  htmlFor: string;
  children: string;
  description?: React.ReactNode;
  /** Longer help, behind an info icon. */
  tooltip?: string;
  required?: boolean;
}

/** A Field label with a description and, optionally, a tooltip (Field has no tooltip of its own). */
export function FieldLabel({ htmlFor, children, description, tooltip, required }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <Label htmlFor={htmlFor} description={description}>
      <Stack gap={0.5} alignItems="center">
        <span>{required ? `${children} *` : children}</span>
        {tooltip && (
          <Tooltip content={tooltip} placement="top" theme="info" interactive>
            {/* Focusable, so that keyboard users reach the tooltip too; the tooltip describes it. */}
            <span role="img" tabIndex={0} aria-label={`About ${children}`} className={styles.icon}>
              <Icon name="info-circle" size="sm" />
            </span>
          </Tooltip>
        )}
      </Stack>
    </Label>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  icon: css({
    display: 'inline-flex',
    color: theme.colors.text.secondary,
    ':hover': { color: theme.colors.text.primary },
  }),
});
