import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipFolder } from './zip-store.js';

const ZIP64_END = Buffer.from([0x50, 0x4b, 0x06, 0x06]);

describe('zip of a folder', () => {
  let dir: string;
  const paths = ['records.jsonl', 'report.html', 'files/abc'];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dossier-zip-'));
    mkdirSync(join(dir, 'in', 'files'), { recursive: true });
    writeFileSync(join(dir, 'in', 'records.jsonl'), '{"a":1}\n');
    writeFileSync(join(dir, 'in', 'report.html'), '<p>پرونده</p>\n');
    writeFileSync(join(dir, 'in', 'files', 'abc'), Buffer.alloc(100_000, 7));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const zip64 of [false, true])
    it(`reads back byte for byte with Debian's unzip (${zip64 ? 'Zip64 form' : 'plain'})`, async () => {
      const out = join(dir, 'out.zip');
      await zipFolder(join(dir, 'in'), paths, out, { zip64 });
      // A small archive is plain zip unless Zip64 is asked for; then its entries and its end are Zip64.
      expect(readFileSync(out).includes(ZIP64_END)).toBe(zip64);
      expect(execFileSync('unzip', ['-tq', out], { encoding: 'utf8' })).toMatch(/No errors detected/);
      execFileSync('unzip', ['-q', out, '-d', join(dir, 'back')]);
      for (const path of paths)
        expect(readFileSync(join(dir, 'back', path)).equals(readFileSync(join(dir, 'in', path))), path).toBe(
          true,
        );
    });
});
