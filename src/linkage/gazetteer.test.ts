import { describe, expect, it } from 'vitest';
import { placeGazetteer } from './gazetteer.js';

describe('placeGazetteer', () => {
  const gazetteer = placeGazetteer([
    { names: ['Gohardasht Prison', 'زندان گوهردشت', 'Rajaei Shahr', 'Rajai Shahr'] },
    { names: ['Evin Prison', 'زندان اوین'] },
  ]);

  it('reads every name of a place, in either script and with or without "prison", as the place', () => {
    for (const name of ['Gohardasht', 'gohardasht prison', 'Rajaei Shahr', 'RAJAI SHAHR', 'زندان گوهردشت'])
      expect(gazetteer.canonical(name)).toBe('Gohardasht Prison');
    expect(gazetteer.canonical('Evin')).toBe('Evin Prison');
    expect(gazetteer.canonical('Qezel Hesar')).toBeNull();
    expect(gazetteer.places).toBe(2);
  });

  it('leaves out a name two places share', () => {
    const shared = placeGazetteer([{ names: ['Central Prison', 'Tabriz'] }, { names: ['Tabriz Prison'] }]);
    expect(shared.canonical('Tabriz')).toBeNull();
  });
});
