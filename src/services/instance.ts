import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../auth/index.js';
import { caseInputSchema, type CaseRecord } from '../domain/records/case.js';
import { specForType } from '../storage/index.js';
import { createUser } from './accounts.js';
import { addMemberById, createCase } from './cases.js';
import type { ServiceContext } from './context.js';
import { DEMO_ADOPTED, DEMO_CASE, DEMO_RECORDS } from './demo-data.js';
import { reviewFinding } from './findings.js';
import { createRecordsInBatch } from './records.js';

export const INIT_ACTOR: Actor = { kind: 'system', name: 'init' };

/** A password for a new account, shown once: 24 characters from an unambiguous alphabet (~120 bits). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from(randomBytes(24), (b) => alphabet[b % alphabet.length]).join('');
}

export interface InitResult {
  admin?: { username: string; password: string };
  demoCase?: CaseRecord;
}

/** Prepares a new store: an administrator with a one-time password, and optionally the demo case. */
export async function initInstance(
  ctx: ServiceContext,
  options: { demo: boolean; adminUsername?: string },
): Promise<InitResult> {
  const result: InitResult = {};
  const username = options.adminUsername ?? 'admin';
  let admin = await ctx.store.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('isAdmin', '=', 1)
    .orderBy('createdAt')
    .executeTakeFirst();
  if (!admin) {
    const password = oneTimePassword();
    const user = await createUser(ctx, INIT_ACTOR, {
      username,
      displayName: 'Administrator',
      password,
      isAdmin: true,
      mustChangePassword: true,
    });
    admin = { id: user.id, username: user.username };
    result.admin = { username, password };
  }
  if (options.demo) {
    const existing = await ctx.store.db
      .selectFrom('cases')
      .select('id')
      .where('title', '=', DEMO_CASE.title)
      .executeTakeFirst();
    if (!existing) {
      result.demoCase = await loadDemo(ctx, INIT_ACTOR);
      await addMemberById(ctx, INIT_ACTOR, result.demoCase.id, admin.id, 'owner', true);
    }
  }
  return result;
}

/** The second member who approves the demo's adopted findings (the ledger names it). */
const DEMO_REVIEWER: Actor = { kind: 'system', name: 'demo-reviewer' };

/** Loads the demo case: '@key' references in the demo data become fresh ids, every input is validated. */
export async function loadDemo(ctx: ServiceContext, actor: Actor): Promise<CaseRecord> {
  const found = await createCase(ctx, actor, caseInputSchema.parse(DEMO_CASE));
  const ids = new Map<string, string>([['case', found.id]]);
  for (const record of DEMO_RECORDS) {
    if (ids.has(record.key)) throw new Error(`demo data uses the key ${record.key} twice`);
    ids.set(record.key, randomUUID());
  }
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('@')) {
      const id = ids.get(value.slice(1));
      if (!id) throw new Error(`demo data refers to unknown key ${value}`);
      return id;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  const batch = DEMO_RECORDS.map((record) => {
    const spec = specForType(record.type);
    if (!spec) throw new Error(`unknown demo record type ${record.type}`);
    const input = spec.createSchema.parse(resolve(record.input)) as Record<string, unknown>;
    return { spec, input: { ...input, id: ids.get(record.key) } };
  });
  await createRecordsInBatch(ctx, actor, found.id, batch);
  // Adoption needs a member other than the author: the demo's reviewer stands for that second person.
  for (const key of DEMO_ADOPTED)
    await reviewFinding(ctx, DEMO_REVIEWER, found.id, ids.get(key)!, { decision: 'approve', note: '' });
  return found;
}
