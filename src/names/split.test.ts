import { describe, expect, it } from 'vitest';
import { splitFullName } from './split.js';

const split = (text: string) => {
  const s = splitFullName(text);
  return [s.givenName, s.surname, s.titles.join('+')];
};

describe('splitFullName', () => {
  it('reads "Surname, Given" in either script', () => {
    expect(split('Kamali, Bizhan')).toEqual(['Bizhan', 'Kamali', '']);
    expect(splitFullName('Kamali, Bizhan').fullName).toBe('Bizhan Kamali');
    expect(split('صالحی، هوشنگ')).toEqual(['هوشنگ', 'صالحی', '']);
  });

  it('takes the given name first and the rest as surname', () => {
    expect(split('Parviz Tabrizy')).toEqual(['Parviz', 'Tabrizy', '']);
    expect(split('Ali Akbar Hashemi Rafsanjani')).toEqual(['Ali Akbar', 'Hashemi Rafsanjani', '']);
    expect(split('Kamali')).toEqual([null, 'Kamali', '']);
  });

  it('keeps Persian compound given names together, in any spelling and script', () => {
    expect(split('Mohammad Reza Kamali')).toEqual(['Mohammad Reza', 'Kamali', '']);
    expect(split('Mohamad Rezza Kamali')[0]).toBe('Mohamad Rezza');
    expect(split('Gholam Hossein Salehi')).toEqual(['Gholam Hossein', 'Salehi', '']);
    expect(split('Abol Ghasem Tabrizi')).toEqual(['Abol Ghasem', 'Tabrizi', '']);
    expect(split('محمد رضا کمالی')).toEqual(['محمد رضا', 'کمالی', '']);
    expect(split('Maryam Sadat Karimi')).toEqual(['Maryam Sadat', 'Karimi', '']);
    // Two words are a given name and a surname, even when they could make a compound.
    expect(split('Ali Akbar')).toEqual(['Ali', 'Akbar', '']);
  });

  it('keeps titles apart and surname particles with the surname', () => {
    expect(split('Seyyed Ali Pour Ahmadi')).toEqual(['Ali', 'Pour Ahmadi', 'Seyyed']);
    expect(split('Haj Mirza Hassan Mohammad Zadeh')).toEqual(['Hassan', 'Mohammad Zadeh', 'Haj+Mirza']);
    expect(split('Dr. Reza Al Ahmad')).toEqual(['Reza', 'Al Ahmad', 'Dr.']);
    expect(split('Haj Ali Akbar Pour Ahmadi')).toEqual(['Ali Akbar', 'Pour Ahmadi', 'Haj']);
    expect(split('Ali Mohammad Pour')).toEqual(['Ali', 'Mohammad Pour', '']);
    expect(split('سید علی خامنه‌ای')).toEqual(['علی', 'خامنه‌ای', 'سید']);
    expect(splitFullName('Seyyed Ali Pour Ahmadi').fullName).toBe('Ali Pour Ahmadi');
    // A given name that sounds like a title is a given name: Saeed is not Sayyid, nor Hadi Haji.
    expect(split('Saeed Khazarpoor')).toEqual(['Saeed', 'Khazarpoor', '']);
    expect(split('Said Khazarpoor')).toEqual(['Said', 'Khazarpoor', '']);
    expect(split('Sayyid Saeed Karimi')).toEqual(['Saeed', 'Karimi', 'Sayyid']);
  });
});
