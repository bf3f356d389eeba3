// package.json's `contributes` against what the client code registers: every contributed command and
// view is registered by client/src, every command and view client/src registers is contributed,
// commands have a title and a category, every setting has a description, and menus and keybindings
// name contributed commands. The ids are read from client/src with the TypeScript parser: a string
// literal, or a constant (`const ID = '...'`, `{ key: '...' }`) defined anywhere in client/src.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..', '..', '..');
const clientSrc = path.join(root, 'client', 'src');

interface Registration {
  kind: 'command' | 'view';
  id: string;
  where: string;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

const COMMAND_CALLS = new Set(['registerCommand', 'registerTextEditorCommand']);
const VIEW_CALLS = new Set(['createTreeView', 'registerTreeDataProvider', 'registerWebviewViewProvider']);

function scanClient(): { registrations: Registration[]; unresolved: string[] } {
  const parsed = sourceFiles(clientSrc).map((file) =>
    ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  // String constants anywhere in client/src: `const NAME = '...'` and `name: '...'` properties.
  const constants = new Map<string, string[]>();
  const remember = (name: string, value: string) => constants.set(name, [...(constants.get(name) ?? []), value]);
  for (const sf of parsed) {
    const visit = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const init = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
        if (ts.isStringLiteralLike(init)) remember(node.name.text, init.text);
      }
      if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
        const init = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
        if (ts.isStringLiteralLike(init)) remember(node.name.text, init.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const registrations: Registration[] = [];
  const unresolved: string[] = [];
  for (const sf of parsed) {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.arguments.length > 0) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        const kind = COMMAND_CALLS.has(name) ? 'command' : VIEW_CALLS.has(name) ? 'view' : undefined;
        if (kind) {
          const arg = node.arguments[0];
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          const where = `${path.relative(root, sf.fileName)}:${line + 1}`;
          let ids: string[] | undefined;
          if (ts.isStringLiteralLike(arg)) ids = [arg.text];
          else if (ts.isIdentifier(arg)) ids = constants.get(arg.text);
          else if (ts.isPropertyAccessExpression(arg)) ids = constants.get(arg.name.text);
          if (ids && ids.length === 1) registrations.push({ kind, id: ids[0], where });
          else unresolved.push(`${where}: ${name}(${arg.getText(sf)}, ...)`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { registrations, unresolved };
}

interface ContributedCommand {
  command: string;
  title?: string;
  category?: string;
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};
const contributedCommands: ContributedCommand[] = contributes.commands ?? [];
const contributedViews: string[] = Object.values((contributes.views ?? {}) as Record<string, Array<{ id: string }>>)
  .flat()
  .map((v) => v.id);

describe('package.json contributions', () => {
  const { registrations, unresolved } = scanClient();
  const registeredCommands = new Set(registrations.filter((r) => r.kind === 'command').map((r) => r.id));
  const registeredViews = new Set(registrations.filter((r) => r.kind === 'view').map((r) => r.id));

  it('every registerCommand/createTreeView id in client/src can be read (a literal or a string constant)', () => {
    assert.deepEqual(unresolved, [], 'use a string literal or a `const X = "..."` for these ids');
  });

  it('every contributed command is registered by the client', () => {
    const missing = contributedCommands.map((c) => c.command).filter((id) => !registeredCommands.has(id));
    assert.deepEqual(missing, [], 'contributed in package.json but never registered in client/src');
  });

  it('every command the client registers is contributed', () => {
    const contributed = new Set(contributedCommands.map((c) => c.command));
    const missing = registrations.filter((r) => r.kind === 'command' && !contributed.has(r.id)).map((r) => `${r.id} (${r.where})`);
    assert.deepEqual(missing, [], 'registered in client/src but not in package.json contributes.commands');
  });

  it('every contributed command has a title and a category', () => {
    const bad = contributedCommands.filter((c) => !c.title || !c.category).map((c) => c.command);
    assert.deepEqual(bad, []);
  });

  it('command ids are unique', () => {
    const ids = contributedCommands.map((c) => c.command);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  it('every contributed view is registered by the client, and the reverse', () => {
    assert.deepEqual(
      contributedViews.filter((id) => !registeredViews.has(id)),
      [],
      'contributed views never registered',
    );
    const contributed = new Set(contributedViews);
    assert.deepEqual(
      registrations.filter((r) => r.kind === 'view' && !contributed.has(r.id)).map((r) => `${r.id} (${r.where})`),
      [],
      'views registered in client/src but not contributed',
    );
  });

  it('menus and keybindings name contributed commands', () => {
    const contributed = new Set(contributedCommands.map((c) => c.command));
    const referenced: string[] = [];
    for (const [menu, items] of Object.entries((contributes.menus ?? {}) as Record<string, Array<{ command?: string }>>)) {
      for (const item of items) if (item.command && !contributed.has(item.command)) referenced.push(`${menu}: ${item.command}`);
    }
    for (const kb of (contributes.keybindings ?? []) as Array<{ command: string }>) {
      if (!contributed.has(kb.command)) referenced.push(`keybinding: ${kb.command}`);
    }
    assert.deepEqual(referenced, []);
  });

  it('every setting has a description', () => {
    const sections = Array.isArray(contributes.configuration)
      ? contributes.configuration
      : contributes.configuration
        ? [contributes.configuration]
        : [];
    const bad: string[] = [];
    for (const section of sections) {
      for (const [key, schema] of Object.entries((section.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const text = schema.markdownDescription ?? schema.description;
        if (typeof text !== 'string' || text.trim() === '') bad.push(key);
      }
    }
    assert.deepEqual(bad, [], 'settings without description/markdownDescription');
  });

  it('the endpoint settings cannot be set by a workspace (machine or application scope)', () => {
    // A cloned repository's .vscode/settings.json must not send the ExternalId and MFA code elsewhere.
    const config = pkg.contributes.configuration;
    const sections = (Array.isArray(config) ? config : [config]) as { properties?: Record<string, { scope?: string }> }[];
    const endpoints = sections.flatMap((section) =>
      Object.entries(section.properties ?? {}).filter(([key]) => /^iamLeastPrivilege\.aws\.\w+Endpoint$/.test(key)),
    );
    assert.deepEqual(endpoints.map(([key]) => key).sort(), [
      'iamLeastPrivilege.aws.cloudTrailEndpoint',
      'iamLeastPrivilege.aws.iamEndpoint',
      'iamLeastPrivilege.aws.stsEndpoint',
    ]);
    for (const [key, schema] of endpoints)
      assert.ok(['machine', 'application'].includes(schema.scope ?? ''), `${key} scope ${schema.scope}`);
  });
});
