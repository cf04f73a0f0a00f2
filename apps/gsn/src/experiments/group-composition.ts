import { join } from 'node:path';
import { cyclicGroup, dihedralGroup, irrepDecomposition, symmetricGroup } from '@gsn/groups';
import type { FiniteGroup } from '@gsn/groups';
import type { TrainOptions } from '@gsn/group-composition';
import {
  compositionAccuracy,
  cyclicPhaseAlignment,
  irrepConcentration,
  neuronAlignment,
  neuronIrrepPower,
  trainGroupComposition,
} from '@gsn/group-composition';
import { barChartSvg, heatmapSvg, lineChartSvg, writeFileAtomic } from '@gsn/plot';
import type { Series } from '@gsn/plot';
import type { Experiment } from './experiment';

/**
 * Paper 002 (SPEC §2.3, Z1): two-layer quadratic networks on Z_n (odd n), D_5 and S_4, trained by
 * projected GD on spheres of radius 0.3 (the small-output regime the analysis describes), then
 * per-neuron irrep power (R2), rank-one alignment (R3), Z_n phase alignment (R4), frequency balance
 * (R5) and majority-vote accuracy. One ReLU run on Z_7 for comparison.
 */
interface Case {
  readonly group: FiniteGroup;
  readonly options: Partial<TrainOptions>;
}

const RADIUS = 0.3;

const CASES: readonly Case[] = [
  { group: cyclicGroup(5), options: { width: 32, steps: 1500, learningRate: 0.5 } },
  { group: cyclicGroup(7), options: { width: 48, steps: 1500, learningRate: 0.5 } },
  { group: cyclicGroup(11), options: { width: 64, steps: 1500, learningRate: 0.7 } },
  { group: dihedralGroup(5), options: { width: 96, steps: 1500, learningRate: 1 } },
  { group: symmetricGroup(4), options: { width: 96, steps: 1400, learningRate: 2 } },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

export const groupCompositionExperiment: Experiment = {
  name: 'group-composition',
  summary: 'paper 002: two-layer nets on g1*g2 learn irreps (Z_n, D_5, S_4): irrep power, alignment, majority vote',
  async run({ out }) {
    const perGroup: Record<string, unknown>[] = [];
    const alignmentSeries: Series[] = [];
    let heatmap: { rows: string[]; cols: string[]; values: number[][] } | undefined;
    const histogram: { label: string; value: number }[] = [];
    let allPowers: Float64Array[] = [];
    for (const { group, options } of CASES) {
      const dec = irrepDecomposition(group);
      const labels = dec.classes.map((c, i) => `${i}:d${c.dim}${c.type === 'real' ? '' : c.type[0]}`);
      const t: number[] = [];
      const misfit: number[] = [];
      const isCyclic = group.name.startsWith('Z');
      const o = { ...options, radius: RADIUS, seed: 1, recordEvery: 50 };
      const { params, losses } = trainGroupComposition(group, o, (step, p) => {
        if (step === 0) return;
        const powers = neuronIrrepPower(dec, p);
        // mean non-dominant power: R6's quantity, averaged over neurons
        t.push(step);
        misfit.push(powers.reduce((s, pw) => s + 1 - Math.max(...pw), 0) / powers.length);
      });
      alignmentSeries.push({ name: `${group.name} 1-maxpower`, x: t, y: misfit });
      const powers = neuronIrrepPower(dec, params);
      allPowers = allPowers.concat(powers);
      const alignments = powers.map((pw, k) => neuronAlignment(dec, params, k, pw));
      const counts = dec.classes.map((_, c) => alignments.filter((a) => a.dominantClass === c).length);
      counts.forEach((count, c) => histogram.push({ label: `${group.name} ${labels[c]}`, value: count }));
      const multi = alignments.filter((a) => dec.classes[a.dominantClass].dim >= 2 && dec.classes[a.dominantClass].type === 'real');
      const result: Record<string, unknown> = {
        group: group.name,
        order: group.order,
        width: o.width,
        steps: o.steps,
        final_loss: losses[losses.length - 1],
        irrep_concentration: irrepConcentration(powers, 0.95),
        min_alignment_cosine: Math.min(...alignments.map((a) => a.alignmentCosine)),
        median_alignment_cosine: median(alignments.map((a) => a.alignmentCosine)),
        max_rank_ratio: multi.length ? Math.max(...multi.map((a) => a.rankRatio)) : null,
        neurons_per_irrep: Object.fromEntries(labels.map((l, c) => [l, counts[c]])),
        accuracy: compositionAccuracy(group, params, 'quadratic'),
      };
      if (isCyclic) {
        const phases = Array.from({ length: params.width }, (_, k) => cyclicPhaseAlignment(params, k));
        const freqCounts = new Array((group.order - 1) / 2).fill(0);
        phases.forEach((p) => freqCounts[p.frequency - 1]++);
        const expected = params.width / freqCounts.length;
        result.phase_misalignment_median = median(phases.map((p) => p.misalignment));
        result.phase_misalignment_max = Math.max(...phases.map((p) => p.misalignment));
        result.frequency_counts = freqCounts;
        result.frequency_chi2 = freqCounts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
        result.frequency_chi2_dof = freqCounts.length - 1;
        // R5: phases Haar-uniform within a frequency, so |mean e^{iα}| · √m_k stays O(1)
        result.phase_resultant_times_sqrt_mk = freqCounts.map((count, f) => {
          const alphas = phases.filter((p) => p.frequency === f + 1).map((p) => p.alpha);
          const re = alphas.reduce((s, a) => s + Math.cos(a), 0) / Math.max(count, 1);
          const im = alphas.reduce((s, a) => s + Math.sin(a), 0) / Math.max(count, 1);
          return Math.hypot(re, im) * Math.sqrt(count);
        });
      }
      if (group.name === 'S4') {
        const order = alignments.map((a, k) => [a.dominantClass, k]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        heatmap = { rows: order.map(([, k]) => String(k)), cols: labels, values: order.map(([, k]) => Array.from(powers[k])) };
      }
      perGroup.push(result);
    }
    // ReLU comparison (SPEC: "ReLU for comparison"), same projected GD.
    const z7 = cyclicGroup(7);
    const reluOptions = { width: 48, steps: 1500, learningRate: 0.5, radius: RADIUS, activation: 'relu' as const, seed: 1 };
    const relu = trainGroupComposition(z7, reluOptions);
    const reluPowers = neuronIrrepPower(irrepDecomposition(z7), relu.params);
    const reluComparison = {
      group: 'Z7',
      activation: 'relu',
      irrep_concentration: irrepConcentration(reluPowers, 0.95),
      accuracy: compositionAccuracy(z7, relu.params, 'relu'),
    };

    writeFileAtomic(
      join(out, 'irrep-power-heatmap.svg'),
      await heatmapSvg({ title: 'S4: per-neuron irrep power (sorted by dominant irrep)', rowLabel: 'neuron', colLabel: 'irrep class', ...heatmap! }),
    );
    writeFileAtomic(
      join(out, 'non-dominant-power.svg'),
      await lineChartSvg({
        title: 'mean non-dominant irrep power vs step (R6)',
        xLabel: 'step',
        yLabel: '1 - max irrep power',
        logY: true,
        series: alignmentSeries,
      }),
    );
    writeFileAtomic(
      join(out, 'neurons-per-irrep.svg'),
      await barChartSvg({ title: 'neurons per dominant irrep', xLabel: 'group irrep', yLabel: 'neurons', bars: histogram }),
    );
    const accuracies = perGroup.map((r) => r.accuracy as number);
    const alignmentMedian = median(perGroup.map((r) => r.median_alignment_cosine as number));
    return {
      irrep_concentration: irrepConcentration(allPowers, 0.95),
      alignment: {
        median_alignment_cosine: alignmentMedian,
        min_alignment_cosine: Math.min(...perGroup.map((r) => r.min_alignment_cosine as number)),
        max_rank_ratio: Math.max(...perGroup.map((r) => (r.max_rank_ratio as number | null) ?? 0)),
        max_phase_misalignment_zn: Math.max(...perGroup.filter((r) => 'phase_misalignment_max' in r).map((r) => r.phase_misalignment_max as number)),
      },
      accuracy: Math.min(...accuracies),
      goals: {
        irrep_concentration_gt_0_9: irrepConcentration(allPowers, 0.95) > 0.9,
        accuracy_eq_1: Math.min(...accuracies) === 1,
      },
      groups: perGroup,
      relu_comparison: reluComparison,
      plots: ['irrep-power-heatmap.svg', 'non-dominant-power.svg', 'neurons-per-irrep.svg'],
    };
  },
};
