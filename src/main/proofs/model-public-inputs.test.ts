import { describe, expect, it } from 'vitest';
import { registeredModel, textToFieldArray } from './model-public-inputs';

// Expected values computed with Python 3 from model_registry.py's text_to_field_array / float_to_field (independently of this code).
describe('receipt_model public inputs (AITBC model_registry.py)', () => {
  it('splits the prompt by code point and hashes each chunk like text_to_field_array', () => {
    expect(textToFieldArray('Grüß dich — 😀', 4).map(String)).toEqual([
      '292973490730191795755300142608181595244',
      '6677105810213384639979823164435589766',
      '73641396308124325625216840646543356524',
      '319368975688113778072458884245067492499',
    ]);
    expect(textToFieldArray('ab', 4).map(String)).toEqual([
      '269290709893687070873337820426365295693',
      '82598573390830456019496045309704909108',
      '65306614137107319404260051274093569582',
      '224636034874651257536399954869115026367',
    ]);
  });

  it('knows only linear-1 (model_id 0, weight 2.0, bias 1.0 scaled by 1e6)', () => {
    expect(registeredModel('linear-1')).toMatchObject({ modelId: 0, weight: 2_000_000n, bias: 1_000_000n });
    expect(registeredModel('0')?.name).toBe('linear-1');
    expect(registeredModel('llama3.2:3b')).toBeNull();
  });
});
