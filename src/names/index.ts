export { foldForSearch } from './fold.js';
export { latinKeys, latinWordKey } from './latin-key.js';
export { normalisePersian, unifyDigits, type PersianOptions } from './persian.js';
export { foldDigraphs, isHonorific, skeletonKey, skeletonTokens } from './skeleton.js';
export { longVowelKey } from './long-vowel-key.js';
