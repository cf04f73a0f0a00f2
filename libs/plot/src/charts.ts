import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render';

export interface Series {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Draw points only (no connecting line). */
  readonly pointsOnly?: boolean;
}

/** A multi-series line (or scatter) chart as SVG. Non-finite points are dropped, not drawn as zero. */
export function lineChartSvg(o: LineChartOptions): Promise<string> {
  const values = o.series.flatMap((s) =>
    s.x
      .map((x, i) => ({ series: s.name, x, y: s.y[i] }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!o.logY || p.y > 0) && (!o.logX || p.x > 0)),
  );
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: 480,
    height: 300,
    data: { values },
    mark: o.pointsOnly ? { type: 'point', filled: true } : { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xLabel, scale: o.logX ? { type: 'log' } : {} },
      y: { field: 'y', type: 'quantitative', title: o.yLabel, scale: o.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
  return renderSvg(spec);
}

export interface HeatmapOptions {
  readonly title: string;
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** values[r][c] */
  readonly values: readonly (readonly number[])[];
}

/** A heatmap (rows x columns of values) as SVG. */
export function heatmapSvg(o: HeatmapOptions): Promise<string> {
  const values = o.rows.flatMap((row, r) => o.cols.map((col, c) => ({ row, col, v: o.values[r][c] })));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'col', type: 'ordinal', title: o.colLabel, sort: [...o.cols] },
      y: { field: 'row', type: 'ordinal', title: o.rowLabel, sort: [...o.rows] },
      color: { field: 'v', type: 'quantitative', title: null },
    },
  };
  return renderSvg(spec);
}

export interface BarChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
}

/** A bar chart (one bar per label) as SVG. */
export function barChartSvg(o: BarChartOptions): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: 480,
    height: 300,
    data: { values: o.bars.map((b) => ({ label: b.label, value: b.value })) },
    mark: 'bar',
    encoding: {
      x: { field: 'label', type: 'nominal', title: o.xLabel, sort: o.bars.map((b) => b.label) },
      y: { field: 'value', type: 'quantitative', title: o.yLabel },
    },
  };
  return renderSvg(spec);
}
