import { KpiQuery } from '../../types';

/** Props of the parts of the query editor. */
export interface QueryPartProps {
  query: KpiQuery;
  onChange: (query: KpiQuery) => void;
  onRunQuery: () => void;
  /** Unique per editor: a panel shows one query editor per query, so element ids must differ. */
  idPrefix: string;
}

/** Applies a change and runs the query at once (for choices, not for typing). */
export const changeAndRun = ({ onChange, onRunQuery }: QueryPartProps, query: KpiQuery) => {
  onChange(query);
  onRunQuery();
};
