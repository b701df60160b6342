import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { ConflictError, ForbiddenError, ValidationError, type FieldProblem } from '../domain/errors.js';
import { caseInputSchema, caseRecordSchema } from '../domain/records/case.js';
import { roleSchema } from '../domain/records/membership.js';
import { isAtMost, type Sensitivity } from '../domain/sensitivity.js';
import { CASE_SPECS, caseSpecForType, inTransaction, rowDigest, type RecordValue } from '../storage/index.js';
import type { CasesTable, MembershipsTable, UsersTable } from '../storage/schema.js';
import { listMembers, loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { settingsOf } from './case-settings.js';
import { checkCaseFiles } from './files.js';
import { refreshMemorialCase } from './memorial-index.js';
import { entriesFromRecord, indexRecords } from './search.js';

export const EXPORT_FORMAT = 'dossier.case-export';
export const EXPORT_VERSION = 1;

/**
 * Exports a whole case as JSON lines: a header with the case, its members (by username), then every
 * record kind by kind, each ordered by id. Lines are canonical JSON, so the same case always exports
 * to the same bytes and export → import → export is byte-identical.
 */
export async function* exportCase(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: { maxSensitivity?: Sensitivity } = {},
): AsyncGenerator<string> {
  const found = await loadCase(ctx, actor, caseId, 'export');
  // Nothing leaves while any of the case's evidence fails its hash: the refusal names each file.
  await checkCaseFiles(ctx, actor, caseId);
  const labels = readableLabels(actor, caseId, found.sensitivity).filter((l) =>
    isAtMost(l, options.maxSensitivity ?? 'protected'),
  );
  yield canonicalJson({
    type: 'header',
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    case: found,
    settings: await settingsOf(ctx.store.db, caseId),
  });
  for (const member of await listMembers(ctx, actor, caseId)) {
    const { caseId: _case, userId: _user, ...data } = member;
    yield canonicalJson({ type: 'member', data });
  }
  const readLog: Array<{ type: string; id: string }> = [];
  for (const spec of CASE_SPECS) {
    for await (const rows of ctx.records.allRows(ctx.store.db, spec.table)) {
      for (const row of rows) {
        if (row.caseId !== caseId || !labels.includes(row.sensitivity as Sensitivity)) continue;
        const record = ctx.records.fromRow(spec, row);
        if (record.sensitivity === 'protected') readLog.push({ type: spec.type, id: record.id });
        yield canonicalJson({ type: spec.type, data: record });
      }
    }
  }
  await inTransaction(ctx.store, async ({ ledger }) => {
    ledger.append({
      actor: actorLabel(actor),
      action: 'export',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      digest: null,
    });
    for (const r of readLog)
      ledger.append({
        actor: actorLabel(actor),
        action: 'read',
        resourceType: r.type,
        resourceId: r.id,
        caseId,
        digest: null,
      });
  });
}

const headerSchema = z.object({
  type: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  case: caseRecordSchema,
  /** The case's settings (absent from files written before them: every setting at its default). */
  settings: z.object({ publishSuspects: z.boolean() }).strict().optional(),
});
const memberLineSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    role: roleSchema,
    protectedGrant: z.boolean(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .strict();
const stampSchema = z.object({
  id: z.string().uuid(),
  caseId: z.string().uuid(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});

export interface ImportSummary {
  caseId: string;
  records: number;
  members: number;
  createdUsers: string[];
  /** Existing accounts given the role the export names, because `mapMembers` said so. */
  mappedUsers: string[];
}

/**
 * Imports a case exported by `exportCase` into this store, all or nothing: every line is validated
 * first and every problem is reported with its line number; nothing is written unless all lines pass.
 * Members whose username does not exist here are created as disabled accounts without a password. A member
 * whose username already names an account here is refused unless `mapMembers` is set: a file must not hand
 * a local account a role, or the protected grant, by sharing a name with someone elsewhere.
 */
export async function importCase(
  ctx: ServiceContext,
  actor: Actor,
  lines: AsyncIterable<string> | Iterable<string>,
  options: { mapMembers?: boolean } = {},
): Promise<ImportSummary> {
  if (!can(actor, 'create_case', { kind: 'instance' }))
    throw new ForbiddenError('only an administrator can import a case');
  const problems: FieldProblem[] = [];
  const fail = (line: number, field: string, message: string) => {
    if (problems.length < 200) problems.push({ field: `line ${line}${field ? `: ${field}` : ''}`, message });
  };
  let header: z.infer<typeof headerSchema> | undefined;
  const members: Array<z.infer<typeof memberLineSchema>> = [];
  const records: Array<{ line: number; type: string; record: RecordValue }> = [];
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      fail(lineNo, '', 'not valid JSON');
      continue;
    }
    const line = parsed as { type?: unknown; data?: unknown };
    if (lineNo === 1) {
      const h = headerSchema.safeParse(parsed);
      if (!h.success) h.error.issues.forEach((i) => fail(1, i.path.join('.'), i.message));
      else header = h.data;
      continue;
    }
    if (line.type === 'member') {
      const m = memberLineSchema.safeParse(line.data);
      if (!m.success) m.error.issues.forEach((i) => fail(lineNo, `data.${i.path.join('.')}`, i.message));
      else members.push(m.data);
      continue;
    }
    const spec = typeof line.type === 'string' ? caseSpecForType(line.type) : undefined;
    if (!spec) {
      fail(lineNo, 'type', `unknown record type ${JSON.stringify(line.type)}`);
      continue;
    }
    const data = (line.data ?? {}) as Record<string, unknown>;
    const stamp = stampSchema.safeParse(data);
    const { id: _i, caseId: _c, createdAt: _a, updatedAt: _u, ...fields } = data;
    const commandFields = Object.fromEntries(
      Object.keys(spec.commandDefaults ?? {}).map((k) => [k, fields[k]]),
    );
    for (const k of Object.keys(commandFields)) delete fields[k];
    const input = (spec.importSchema ?? spec.createSchema).safeParse(fields);
    if (!stamp.success)
      stamp.error.issues.forEach((i) => fail(lineNo, `data.${i.path.join('.')}`, i.message));
    if (!input.success)
      input.error.issues.forEach((i) => fail(lineNo, `data.${i.path.join('.')}`, i.message));
    if (stamp.success && input.success) {
      records.push({
        line: lineNo,
        type: spec.type,
        record: { ...(input.data as object), ...commandFields, ...stamp.data } as RecordValue,
      });
    }
  }
  if (!header && lineNo > 0 && problems.length === 0) fail(1, '', 'missing header');
  if (lineNo === 0) fail(1, '', 'the file is empty');
  const caseId = header?.case.id;
  const byId = new Map(records.map((r) => [r.record.id, r]));
  for (const { line, type, record } of records) {
    if (record.caseId !== caseId) fail(line, 'data.caseId', 'does not match the case in the header');
    const spec = caseSpecForType(type)!;
    for (const reference of spec.referencesOf(record)) {
      const target =
        reference.type === 'case'
          ? reference.id === caseId
            ? 'case'
            : undefined
          : byId.get(reference.id)?.type;
      if (!target || (reference.type !== 'any' && target !== reference.type))
        fail(line, `data.${reference.field}`, `no ${reference.type} with this id in the file`);
    }
  }
  if (byId.size !== records.length) fail(0, 'id', 'the same record id appears twice');
  if (problems.length || !header) throw new ValidationError(problems);

  const caseInput = caseInputSchema.parse({
    title: header.case.title,
    description: header.case.description,
    sensitivity: header.case.sensitivity,
  });
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const who = actorLabel(actor);
    const existing = await db
      .selectFrom('cases')
      .select('id')
      .where('id', '=', header.case.id)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`case ${header.case.id} already exists in this store`, [
        { field: 'line 1: case.id', message: 'already exists' },
      ]);
    const usernames = members.map((m) => m.username);
    const taken = usernames.length
      ? (await db.selectFrom('users').select('username').where('username', 'in', usernames).execute()).map(
          (u) => u.username,
        )
      : [];
    if (taken.length && !options.mapMembers)
      throw new ConflictError(
        `${taken.length} member(s) of the file share a username with an account here; nothing was imported`,
        members
          .filter((m) => taken.includes(m.username))
          .map((m) => ({
            field: `members: ${m.username}`,
            message: `an account "${m.username}" exists here; importing would make it ${m.role}${m.protectedGrant ? ' with the protected grant' : ''} in this case (map it explicitly with --map-members, or rename the account first)`,
          })),
      );
    const caseRow: CasesTable = {
      ...caseInput,
      id: header.case.id,
      createdAt: header.case.createdAt,
      updatedAt: header.case.updatedAt,
    };
    await db.insertInto('cases').values(caseRow).execute();
    ledger.append({
      actor: who,
      action: 'import',
      resourceType: 'case',
      resourceId: caseRow.id,
      caseId: caseRow.id,
      digest: rowDigest(caseRow),
    });
    if (header.settings?.publishSuspects) {
      const settingsRow = {
        id: randomUUID(),
        caseId: caseRow.id,
        publishSuspects: 1,
        updatedAt: header.case.updatedAt,
      };
      await db.insertInto('caseSettings').values(settingsRow).execute();
      ledger.append({
        actor: who,
        action: 'import',
        resourceType: 'case_setting',
        resourceId: settingsRow.id,
        caseId: caseRow.id,
        digest: rowDigest(settingsRow),
      });
    }

    const createdUsers: string[] = [];
    for (const member of members) {
      let user = await db
        .selectFrom('users')
        .select('id')
        .where('username', '=', member.username)
        .executeTakeFirst();
      if (!user) {
        const at = now();
        const row: UsersTable = {
          id: randomUUID(),
          username: member.username,
          displayName: member.username,
          passwordHash: null,
          isAdmin: 0,
          mustChangePassword: 1,
          disabled: 1,
          createdAt: at,
          updatedAt: at,
        };
        await db.insertInto('users').values(row).execute();
        ledger.append({
          actor: who,
          action: 'create',
          resourceType: 'user',
          resourceId: row.id,
          caseId: null,
          digest: rowDigest(row),
        });
        createdUsers.push(member.username);
        user = { id: row.id };
      }
      const row: MembershipsTable = {
        id: member.id,
        caseId: caseRow.id,
        userId: user.id,
        role: member.role,
        protectedGrant: member.protectedGrant ? 1 : 0,
        createdAt: member.createdAt,
        updatedAt: member.updatedAt,
      };
      await db.insertInto('memberships').values(row).execute();
      ledger.append({
        actor: who,
        action: 'import',
        resourceType: 'membership',
        resourceId: row.id,
        caseId: caseRow.id,
        digest: rowDigest(row),
      });
    }
    for (const spec of CASE_SPECS) {
      const group = records.filter((r) => r.type === spec.type).map((r) => r.record);
      for (let i = 0; i < group.length; i += 500) {
        const ids = group.slice(i, i + 500).map((r) => r.id);
        const clash = await db.selectFrom(spec.table).select('id').where('id', 'in', ids).executeTakeFirst();
        if (clash)
          throw new ConflictError(`${spec.type} ${clash.id} already exists in this store`, [
            { field: `line ${byId.get(clash.id)?.line ?? 0}: data.id`, message: 'already exists' },
          ]);
      }
      const rows = await ctx.records.insertMany(db, spec, group);
      rows.forEach((row, i) =>
        ledger.append({
          actor: who,
          action: 'import',
          resourceType: spec.type,
          resourceId: group[i]!.id,
          caseId: caseRow.id,
          digest: rowDigest(row),
        }),
      );
      await indexRecords(
        db,
        ctx.store.dialect,
        group.flatMap((record) => entriesFromRecord(spec.type, record)),
      );
    }
    await refreshMemorialCase(ctx, db, caseRow.id);
    return {
      caseId: caseRow.id,
      records: records.length,
      members: members.length,
      createdUsers,
      mappedUsers: taken,
    };
  });
}
