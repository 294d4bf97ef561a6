declare module '*/@grafana/runtime/dist/esm/components/PanelDataErrorView.mjs' {
  import { PanelDataErrorViewType } from '@grafana/runtime/dist/types/components/PanelDataErrorView';

  export function setPanelDataErrorView(renderer: PanelDataErrorViewType): void;
}
