import { KpiConnection } from '../../types';
import { SettingsSectionProps } from './settingsProps';

/** Props of the parts of one connection's editor. */
export interface ConnectionPartProps extends SettingsSectionProps {
  /** Position in jsonData.connections; also makes element ids unique. */
  index: number;
  connection: KpiConnection;
  onConnectionChange: (connection: KpiConnection) => void;
}

/** A unique element id for one input of one connection. */
export const connectionInputId = (index: number, input: string) => `kpi-connection-${index}-${input}`;
