/**
 * Where the linkage of generated victim lists loses pairs, on a store `linkage-victim-lists-cli.ts --keep` left
 * behind: the true pairs no blocking rule finds (by pair of lists, with the fields both sides have), the true
 * pairs found but scored below the threshold, the false pairs above it (each with its comparison levels), and
 * the true pairs above the threshold that the clustering left apart. Runs the registry's own linkage (the same
 * code as `dossier link`, nothing written). Prints figures and examples; asserts nothing.
 *
 *   npx tsx bench/linkage-victim-lists-diagnose.ts --dir /tmp/dossier-bench-victim-lists-XXXX [--examples 12]
 *                                                  [--settings FILE]   (settings as `link --settings` takes them)
 *
 * With SHOW_UNBLOCKED=given (or any other line of the "blocking keys they agree on" table), the names of the
 * unblocked true pairs of that line are printed with their skeletons.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    examples: { type: 'string', default: '12' },
    settings: { type: 'string' },
  },
});
if (!values.dir) throw new Error('--dir: the directory the bench kept');
process.env.DOSSIER_DATA_DIR = join(values.dir, 'data');
const EXAMPLES = Number(values.examples);

const { openContext, operator } = await import('../src/cli/context.js');
const { resolveCase } = await import('../src/cli/commands/lists.js');
const { linkRegistry } = await import('../src/services/linkage.js');
const { listVictimLists } = await import('../src/services/registry.js');
const { explainPair, keyFunction, levelLabel, weightToProbability } = await import('../src/linkage/index.js');

const { ctx, close } = await openContext();
try {
  const caseId = await resolveCase(ctx, undefined);
  const listName = new Map(
    (await listVictimLists(ctx, operator(), caseId)).map((l) => [String(l.id), String(l.name)]),
  );
  const truth = new Map<string, string>();
  for (const line of readFileSync(join(values.dir, 'truth.csv'), 'utf8').split('\n').slice(1)) {
    const [list, id, person] = line.split(',');
    if (person) truth.set(`${list}\u0000${id}`, person);
  }
  await linkRegistry(ctx, operator(), caseId, {
    dryRun: true,
    ...(values.settings ? { settings: JSON.parse(readFileSync(values.settings, 'utf8')) as unknown } : {}),
    inspect: (result, rows) => {
      const { table, pairs, weights, clustering } = result;
      const person = rows.map((r) => truth.get(`${listName.get(r.listId)}\u0000${r.recordKey}`)!);
      const lists = rows.map((r) => listName.get(r.listId)!);
      const fieldNames = Object.keys(table.records.fields);
      const has = (i: number) =>
        fieldNames.filter((f) => {
          const v = table.records.fields[f]![i];
          return v !== null && v !== undefined && v !== '';
        });
      const show = (i: number) =>
        `${lists[i]}/${rows[i]!.recordKey} ` +
        JSON.stringify(Object.fromEntries(has(i).map((f) => [f, table.records.fields[f]![i]])), null, 0);
      const explain = (a: number, b: number) => {
        const e = explainPair(table, result.model, a, b);
        return (
          `p ${e.probability.toFixed(3)}: ` +
          e.contributions
            .map((c) => `${c.comparison}=${c.label}(${(c.weight + c.termFrequency).toFixed(1)})`)
            .join(' ')
        );
      };
      // Every true pair.
      const byPerson = new Map<string, number[]>();
      person.forEach((p, i) => byPerson.set(p, [...(byPerson.get(p) ?? []), i]));
      const candidate = new Map<string, number>();
      for (let k = 0; k < pairs.length; k++) candidate.set(`${pairs.left[k]},${pairs.right[k]}`, k);
      const threshold = result.threshold;
      const tally = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
      const unblocked = new Map<string, number>();
      // Which blocking keys an unblocked true pair agrees on (the skeleton of a name, a place, a year).
      const unblockedAgree = new Map<string, number>();
      const keyed: Array<[string, string]> = [
        ['given', 'name-key'],
        ['surname', 'name-key'],
        ['father', 'name-key'],
        ['locality', 'place-key'],
        ['birth_year', 'year'],
      ];
      const agreeing = (a: number, b: number) =>
        keyed
          .filter(([f, key]) => {
            const values = table.records.fields[f];
            const [x, y] = [values?.[a], values?.[b]];
            if (x === null || x === undefined || y === null || y === undefined) return false;
            const kx = keyFunction(key)(String(x));
            return kx !== null && kx === keyFunction(key)(String(y));
          })
          .map(([f]) => f);
      const below = new Map<string, number>();
      // The comparison levels of the true pairs below the threshold: which evidence they lack or contradict.
      const belowLevels = new Map<string, number>();
      const apart = new Map<string, number>();
      const unblockedExamples: string[] = [];
      const belowExamples: string[] = [];
      const apartExamples: string[] = [];
      let truePairs = 0;
      for (const members of byPerson.values())
        for (let x = 0; x < members.length; x++)
          for (let y = x + 1; y < members.length; y++) {
            const [a, b] = [Math.min(members[x]!, members[y]!), Math.max(members[x]!, members[y]!)];
            truePairs++;
            const where = [lists[a], lists[b]].sort().join('×');
            const k = candidate.get(`${a},${b}`);
            if (k === undefined) {
              const shared = has(a).filter((f) => has(b).includes(f));
              tally(unblocked, `${where} shares ${shared.join(',')}`);
              const agreed = agreeing(a, b).join(',') || '(none)';
              tally(unblockedAgree, agreed);
              if (process.env.SHOW_UNBLOCKED === agreed) {
                const k = keyFunction('name-key');
                const names = (i: number) =>
                  ['given', 'surname']
                    .map(
                      (f) =>
                        `${table.records.fields[f]?.[i] ?? '-'}(${k(String(table.records.fields[f]?.[i] ?? '')) ?? '-'})`,
                    )
                    .join(' ');
                console.log(`  ${names(a)}  ~  ${names(b)}`);
              }
              if (unblockedExamples.length < EXAMPLES)
                unblockedExamples.push(`${show(a)}\n    ${show(b)}\n    ${explain(a, b)}`);
              continue;
            }
            if (weightToProbability(weights[k]!) < threshold) {
              tally(below, where);
              for (const c of explainPair(table, result.model, a, b).contributions)
                tally(belowLevels, `${c.comparison}=${c.label}`);
              if (belowExamples.length < EXAMPLES)
                belowExamples.push(`${show(a)}\n    ${show(b)}\n    ${explain(a, b)}`);
            } else if (clustering.cluster[a] !== clustering.cluster[b]) {
              tally(apart, where);
              if (apartExamples.length < EXAMPLES)
                apartExamples.push(`${show(a)}\n    ${show(b)}\n    ${explain(a, b)}`);
            }
          }
      const falseAbove = new Map<string, number>();
      const falseExamples: string[] = [];
      const falseLevels = new Map<string, number>();
      for (let k = 0; k < pairs.length; k++) {
        const [a, b] = [pairs.left[k]!, pairs.right[k]!];
        if (person[a] === person[b] || weightToProbability(weights[k]!) < threshold) continue;
        const where = [lists[a], lists[b]].sort().join('×');
        tally(falseAbove, where);
        for (const c of explainPair(table, result.model, a, b).contributions)
          tally(falseLevels, `${c.comparison}=${c.label}`);
        if (falseExamples.length < EXAMPLES && clustering.cluster[a] === clustering.cluster[b])
          falseExamples.push(`${show(a)}\n    ${show(b)}\n    ${explain(a, b)}`);
      }
      // Calibration: among candidate pairs by predicted probability, the share that are true.
      const bins = [0, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.99, 1.01];
      const binTrue = bins.map(() => 0);
      const binAll = bins.map(() => 0);
      for (let k = 0; k < pairs.length; k++) {
        const p = weightToProbability(weights[k]!);
        const b = bins.findIndex((x, i) => p >= x && p < bins[i + 1]!);
        binAll[b]!++;
        if (person[pairs.left[k]!] === person[pairs.right[k]!]) binTrue[b]!++;
      }
      console.log('calibration (predicted p bin: pairs, share true):');
      for (let b = 0; b < bins.length - 1; b++)
        if (binAll[b])
          console.log(
            `  [${bins[b]}, ${bins[b + 1]}): ${binAll[b]}, ${(binTrue[b]! / binAll[b]!).toFixed(3)}`,
          );
      const sum = (m: Map<string, number>) => [...m.values()].reduce((n, v) => n + v, 0);
      const print = (title: string, m: Map<string, number>, examples: string[]) => {
        console.log(`\n## ${title}: ${sum(m)} of ${truePairs} true pairs`);
        for (const [k, n] of [...m].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`  ${n}\t${k}`);
        for (const e of examples) console.log(`  - ${e}`);
      };
      console.log(`${rows.length} rows, ${pairs.length} candidate pairs, threshold ${threshold}`);
      console.log(`clustering refused: ${JSON.stringify(clustering.refused)}`);
      print('true pairs no rule finds', unblocked, unblockedExamples);
      print('the same, by the blocking keys they agree on', unblockedAgree, []);
      print('true pairs found, below the threshold', below, belowExamples);
      print('the same, by comparison level (a pair counts once per comparison)', belowLevels, []);
      print('true pairs above the threshold, left apart by the clustering', apart, apartExamples);
      print('false pairs above the threshold (examples: joined)', falseAbove, falseExamples);
      print('the same, by comparison level (a pair counts once per comparison)', falseLevels, []);
      console.log(`\n## model: λ ${result.model.lambda.toExponential(3)}; weight per level`);
      result.model.comparisons.forEach(({ name, m, u }, c) => {
        const spec = table.comparisons[c]!;
        const w = m.map((mv, l) => Math.log2(Math.max(mv, 1e-6) / Math.max(u[l]!, 1e-6)));
        console.log(
          `  ${name}: ` +
            w
              .map(
                (x, l) =>
                  `${l ? (spec.levels[l - 1] ? levelLabel(spec, l) : 'else') : 'null'} m ${m[l]!.toFixed(3)} u ${u[l]!.toExponential(1)} w ${x.toFixed(1)}`,
              )
              .join('; '),
        );
      });
    },
  });
} finally {
  await close();
}
