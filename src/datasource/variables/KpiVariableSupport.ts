import { from, map, Observable } from 'rxjs';
import {
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  MetricFindValue,
} from '@grafana/data';
import type { DataSource } from '../datasource';
import { KpiVariableQuery, normalizeVariableQuery } from './model';
import { runVariableQuery } from './runVariableQuery';
import { VariableQueryEditor } from './VariableQueryEditor';

/** The options as the frame Grafana reads variable values from: string fields `text` and `value`. */
export function toVariableFrame(values: MetricFindValue[]): DataFrame {
  return {
    length: values.length,
    fields: [
      { name: 'text', type: FieldType.string, config: {}, values: values.map((v) => v.text) },
      { name: 'value', type: FieldType.string, config: {}, values: values.map((v) => String(v.value ?? v.text)) },
    ],
  };
}

/**
 * Query variables of this datasource (docs/variables.md): KPI ids, the dimension names of a KPI,
 * and the values of a dimension from the KPI's source, edited with VariableQueryEditor.
 */
export class KpiVariableSupport extends CustomVariableSupport<DataSource, KpiVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<KpiVariableQuery>): Observable<DataQueryResponse> {
    // Dashboards saved before this editor hold the text form: a string where a query is expected.
    const saved: unknown = request.targets[0];
    const answer = Promise.resolve().then(() =>
      runVariableQuery(this.datasource, normalizeVariableQuery(saved), {
        range: request.range,
        scopedVars: request.scopedVars,
      })
    );
    return from(answer).pipe(map((values) => ({ data: [toVariableFrame(values)] })));
  }
}
