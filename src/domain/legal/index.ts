export {
  CRIMES,
  GROUP_TITLES,
  crimeByKey,
  isKnownElement,
  type Bilingual,
  type CrimeDefinition,
  type CrimeGroup,
  type LegalElement,
} from './catalogue.js';
