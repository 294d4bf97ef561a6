import { KpiConnection } from '../../types';
import { SettingsSectionProps } from './settingsProps';

/** Props of the parts of one connection's editor; `C` narrows the connection to the part's type. */
export interface ConnectionPartProps<C extends KpiConnection = KpiConnection> extends SettingsSectionProps {
  /** Position in jsonData.connections; also makes element ids unique. */
  index: number;
  connection: C;
  onConnectionChange: (connection: C) => void;
}

/** A unique element id for one input of one connection. */
export const connectionInputId = (index: number, input: string) => `kpi-connection-${index}-${input}`;
