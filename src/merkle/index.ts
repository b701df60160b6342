export {
  EMPTY_ROOT,
  MerkleTree,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './tree.js';
