import { KpiSettings } from '../../connections';

/** Props shared by the sections of the config editor. */
export interface SettingsSectionProps {
  settings: KpiSettings;
  onChange: (settings: KpiSettings) => void;
}
