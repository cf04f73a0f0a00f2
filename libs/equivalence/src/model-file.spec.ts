import { createRng, DataFormatError } from '@gsn/tensor';
import { randomState } from '@gsn/stationary/testing';
import { evaluateGsn } from './models';
import { gsnModelFromJson, gsnModelToJson } from './model-file';
import { randomGsnModel } from './random-models';

describe('GSN model JSON', () => {
  it('round-trips a model: same outputs after JSON.stringify / parse', () => {
    const gsn = randomGsnModel(createRng(51), { layers: 2 });
    const loaded = gsnModelFromJson(JSON.parse(JSON.stringify(gsnModelToJson(gsn))), 'model.json');
    const x = randomState(createRng(52), 6 * 4);
    expect(Array.from(evaluateGsn(loaded, x))).toEqual(Array.from(evaluateGsn(gsn, x)));
  });

  it('names the file and the bad field', () => {
    const json = gsnModelToJson(randomGsnModel(createRng(53), { layers: 1 })) as { layers: Array<{ potential: { name: string } }> };
    json.layers[0].potential.name = 'softmax';
    expect(() => gsnModelFromJson(json, 'm.json')).toThrow(DataFormatError);
    expect(() => gsnModelFromJson(json, 'm.json')).toThrow(/m\.json: layers\[0\]\.potential\.name 'softmax'/);
  });
});
