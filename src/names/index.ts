export { foldForSearch } from './fold.js';
export { latinKeys, latinWordKey } from './latin-key.js';
