export { renderSvg } from './render';
export type { Series, LineChartOptions, HeatmapOptions, BarChartOptions } from './charts';
export { lineChartSvg, heatmapSvg, barChartSvg } from './charts';
export { writeFileAtomic } from './write';
