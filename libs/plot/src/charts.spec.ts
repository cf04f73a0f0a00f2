import { barChartSvg, heatmapSvg, lineChartSvg } from './charts';

describe('charts', () => {
  it('renders a log-log line chart with one path per series and drops non-positive points', async () => {
    const svg = await lineChartSvg({
      title: 'slope',
      xLabel: 'mu',
      yLabel: 'error',
      logX: true,
      logY: true,
      series: [
        { name: 'state', x: [10, 100, 1000], y: [1e-1, 1e-2, 1e-3] },
        { name: 'grad', x: [10, 100, 1000], y: [0, 2e-2, 2e-3] },
      ],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('state');
    expect(svg).toContain('grad');
    expect(svg).toContain('mu');
  });

  it('renders heatmaps and bar charts', async () => {
    const heat = await heatmapSvg({
      title: 'power',
      rowLabel: 'neuron',
      colLabel: 'irrep',
      rows: ['0', '1'],
      cols: ['a', 'b'],
      values: [
        [1, 0],
        [0.2, 0.8],
      ],
    });
    expect(heat).toContain('<svg');
    expect((heat.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const bar = await barChartSvg({ title: 't', xLabel: 'x', yLabel: 'y', bars: [{ label: 'one', value: 3 }] });
    expect(bar).toContain('one');
  });
});
