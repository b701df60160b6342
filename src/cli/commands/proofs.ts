import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../../domain/errors.js';
import { latestCheckpoint } from '../../services/checkpoints.js';
import {
  checkConsistencyProof,
  checkInclusionProof,
  entryInclusionProof,
  ledgerConsistencyProof,
  type ConsistencyProof,
  type InclusionProof,
} from '../../services/ledger-tree.js';
import { parseCheckpoint, publicKeyFromBase64, signatureValid } from '../../storage/index.js';
import { withContext } from '../context.js';

function count(field: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min)
    throw new ValidationError([{ field, message: `expected a whole number, at least ${min}` }]);
  return n;
}

/** `dossier proof …`: Merkle proofs of the ledger, to hand out beside a signed tree head and to check offline. */
export function registerProofs(program: Command): void {
  const proof = program
    .command('proof')
    .description('Merkle proofs of the ledger (RFC 6962): make and check');

  proof
    .command('inclusion <seq>')
    .description(
      'print, as JSON, the proof that ledger entry <seq> is in the tree of the latest signed tree head',
    )
    .option(
      '--size <n>',
      'the tree size to prove against (default: the latest signed tree head, else the whole ledger)',
    )
    .action(async (seqText: string, opts: { size?: string }) => {
      const seq = count('seq', seqText, 1)!;
      await withContext({}, async ({ ctx }) => {
        const head = await latestCheckpoint(ctx);
        const size = count('size', opts.size, 1) ?? (head?.version === 'v2' ? head.seq : undefined);
        try {
          const made = await entryInclusionProof(ctx, seq, size);
          console.log(
            JSON.stringify(
              { kind: 'inclusion', ...made, ...(head && head.seq === made.treeSize ? { head } : {}) },
              null,
              2,
            ),
          );
        } catch (error) {
          if (error instanceof RangeError)
            throw new ValidationError([{ field: 'seq', message: error.message }]);
          throw error;
        }
      });
    });

  proof
    .command('consistency <old-size> [new-size]')
    .description(
      'print, as JSON, the proof that the ledger of <old-size> entries is a prefix of the later one',
    )
    .action(async (oldText: string, newText: string | undefined) => {
      const oldSize = count('old-size', oldText, 0)!;
      const newSize = count('new-size', newText, 1);
      await withContext({}, async ({ ctx }) => {
        try {
          console.log(
            JSON.stringify(
              { kind: 'consistency', ...(await ledgerConsistencyProof(ctx, oldSize, newSize)) },
              null,
              2,
            ),
          );
        } catch (error) {
          if (error instanceof RangeError)
            throw new ValidationError([{ field: 'old-size', message: error.message }]);
          throw error;
        }
      });
    });

  proof
    .command('check <file>')
    .description(
      'check a proof printed by "dossier proof" without the database; with --key, its signed tree head too',
    )
    .option('--key <base64>', 'the instance public key printed by "dossier keys show" (raw, base64)')
    .action((file: string, opts: { key?: string }) => {
      let value: { kind?: string; head?: unknown } & Record<string, unknown>;
      try {
        value = JSON.parse(readFileSync(file, 'utf8')) as typeof value;
      } catch {
        throw new ValidationError([{ field: 'file', message: 'not a readable JSON proof' }]);
      }
      let head;
      if (value.head !== undefined) {
        const parsed = parseCheckpoint(JSON.stringify(value.head));
        if ('error' in parsed) throw new ValidationError([{ field: 'head', message: parsed.error }]);
        head = parsed.checkpoint;
        if (opts.key) {
          let key;
          try {
            key = publicKeyFromBase64(opts.key);
          } catch (error) {
            throw new ValidationError([{ field: 'key', message: (error as Error).message }]);
          }
          if (!signatureValid(head, key)) {
            console.log('FAILED: the tree head does not carry the signature of this key');
            process.exitCode = 1;
            return;
          }
        }
      }
      const result =
        value.kind === 'inclusion'
          ? checkInclusionProof(value as unknown as InclusionProof, head)
          : value.kind === 'consistency'
            ? checkConsistencyProof(value as unknown as ConsistencyProof)
            : { ok: false, message: 'not a proof made by "dossier proof"' };
      console.log(
        `${result.ok ? 'OK' : 'FAILED'}: ${result.message}${head && opts.key && result.ok ? ' (tree head signature valid)' : ''}`,
      );
      process.exitCode = result.ok ? 0 : 1;
    });
}
