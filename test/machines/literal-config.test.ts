import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Each machine's statechart is one object literal in `setup({...}).createMachine({...})`, so a
 * reader (and Stately's static tooling) sees every state, transition, guard name, invoke id,
 * delay and tag in the machine file. The rule, over the TypeScript syntax tree:
 *
 * - a state node (the config itself, and every value under `states`) is an object literal of
 *   plain `key: value` properties: no spread, shorthand, computed key or method;
 * - `states`, `on` and `after` are such object literals; `type`, `initial`, `id` are string
 *   literals; `tags` a string literal or an array of them; `meta` plain literal data;
 * - a transition (`on`/`after` values, `always`, `onDone`, `onError`) is a target string, a
 *   transition object, or an array literal of those; a transition object has a literal
 *   `target`, a guard named by a string (or `{ type: 'name', params }`), `actions`, `reenter`;
 * - `invoke` is an object literal (or an array literal of them) with literal `id` and `src`;
 * - actions (`entry`, `exit`, `actions`) are names, `{ type, params }` objects, identifiers of
 *   action functions or calls of xstate's action creators (`assign(...)`), never spreads;
 * - `context`, `output`, `input` and `params` are data or functions and may be any expression.
 *
 * Any other key in a state node, transition or invoke is reported, so a new kind of config
 * is a deliberate change of this rule.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** xstate's action creators: a call of one of these is an action, not a state config. */
const ACTION_CREATORS = new Set(['assign', 'raise', 'sendTo', 'sendParent', 'emit', 'log', 'cancel', 'stopChild', 'spawnChild', 'enqueueActions']);

type Check = (node: ts.Expression, at: string, issues: string[]) => void;

function keyOf(property: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(property)) return undefined;
  const name = property.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Checks each property of an object literal with `checks[key]` (or `each` for any key). */
function objectOf(checks: Record<string, Check>, each?: Check): Check {
  return (node, at, issues) => {
    if (!ts.isObjectLiteralExpression(node)) {
      issues.push(`${at}: ${ts.SyntaxKind[node.kind]} where an object literal is needed`);
      return;
    }
    for (const property of node.properties) {
      const key = keyOf(property);
      if (key === undefined || !ts.isPropertyAssignment(property)) {
        const what = ts.isPropertyAssignment(property) ? `computed key ${property.name.getText()}` : ts.SyntaxKind[property.kind];
        issues.push(`${at}: ${what} (only plain \`key: value\` properties)`);
        continue;
      }
      const check = each ?? checks[key];
      if (check === undefined) issues.push(`${at}.${key}: unknown key`);
      else check(property.initializer, `${at}.${key}`, issues);
    }
  };
}

function oneOrArray(check: Check): Check {
  return (node, at, issues) => {
    if (!ts.isArrayLiteralExpression(node)) return check(node, at, issues);
    node.elements.forEach((element, i) => {
      if (ts.isSpreadElement(element)) issues.push(`${at}[${i}]: spread element`);
      else check(element, `${at}[${i}]`, issues);
    });
  };
}

const anything: Check = () => undefined;

const stringLiteral: Check = (node, at, issues) => {
  if (!ts.isStringLiteral(node)) issues.push(`${at}: ${ts.SyntaxKind[node.kind]} where a string literal is needed`);
};

const booleanLiteral: Check = (node, at, issues) => {
  if (node.kind !== ts.SyntaxKind.TrueKeyword && node.kind !== ts.SyntaxKind.FalseKeyword) issues.push(`${at}: not a boolean literal`);
};

const literalData: Check = (node, at, issues) => {
  if (ts.isObjectLiteralExpression(node)) return objectOf({}, literalData)(node, at, issues);
  if (ts.isArrayLiteralExpression(node)) return oneOrArray(literalData)(node, at, issues);
  const literal =
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(node.kind);
  if (!literal) issues.push(`${at}: ${ts.SyntaxKind[node.kind]} in meta (only literal data)`);
};

const parameterized = (name: Check): Check => (node, at, issues) =>
  ts.isStringLiteral(node) ? undefined : objectOf({ type: name, params: anything })(node, at, issues);

const action: Check = (node, at, issues) => {
  if (ts.isStringLiteral(node) || ts.isIdentifier(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return;
  if (ts.isCallExpression(node)) {
    if (!ts.isIdentifier(node.expression) || !ACTION_CREATORS.has(node.expression.text)) issues.push(`${at}: call of ${node.expression.getText()} (only xstate's action creators)`);
    return;
  }
  parameterized(stringLiteral)(node, at, issues);
};
const actions = oneOrArray(action);

const transitionObject = objectOf({
  target: oneOrArray(stringLiteral),
  guard: parameterized(stringLiteral),
  actions,
  reenter: booleanLiteral,
  description: stringLiteral,
});
const transition = oneOrArray((node, at, issues) => (ts.isStringLiteral(node) ? undefined : transitionObject(node, at, issues)));

const invoke = oneOrArray(
  objectOf({ id: stringLiteral, src: stringLiteral, systemId: stringLiteral, input: anything, onDone: transition, onError: transition, onSnapshot: transition }),
);

const stateNodeChecks: Record<string, Check> = {
  id: stringLiteral,
  type: stringLiteral,
  initial: stringLiteral,
  history: stringLiteral,
  description: stringLiteral,
  tags: oneOrArray(stringLiteral),
  meta: literalData,
  entry: actions,
  exit: actions,
  on: objectOf({}, transition),
  after: objectOf({}, transition),
  always: transition,
  onDone: transition,
  invoke,
  output: anything,
  states: (node, at, issues) => states(node, at, issues),
};
const stateNode = objectOf(stateNodeChecks);
const states: Check = objectOf({}, stateNode);
const machineConfig = objectOf({ ...stateNodeChecks, context: anything });

/** The `createMachine` arguments of `setup(...).createMachine(...)` calls in a source text. */
function createMachineArguments(source: ts.SourceFile): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'createMachine') {
      const receiver = node.expression.expression;
      if (ts.isCallExpression(receiver) && ts.isIdentifier(receiver.expression) && receiver.expression.text === 'setup' && node.arguments[0]) {
        found.push(node.arguments[0]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What breaks the rule in a machine file's text; `[]` when its statechart is literal all the way down. */
export function literalConfigIssues(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const configs = createMachineArguments(source);
  if (configs.length !== 1) return [`${file}: ${configs.length} setup(...).createMachine(...) calls, expected 1`];
  const issues: string[] = [];
  machineConfig(configs[0] as ts.Expression, 'config', issues);
  return issues;
}

function machineFiles(): string[] {
  return readdirSync(join(root, 'src/machines'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readdirSync(join(entry.parentPath, entry.name)).filter((name) => name.endsWith('.machine.ts')).map((name) => join(entry.parentPath, entry.name, name)))
    .sort();
}

/** A machine in the house style, for the rule's own checks. */
const GOOD = `
import { assign, setup } from 'xstate';
export const m = setup({ guards: { ok: () => true } }).createMachine({
  id: 'm',
  context: ({ input }) => ({ ...input }),
  initial: 'a',
  on: { 'flow.cancel': '.done' },
  states: {
    a: {
      tags: ['busy'],
      entry: 'clearError',
      meta: { persist: { resumeAt: 'b', reset: { queued: false } } },
      invoke: { id: 'load', src: 'load', input: toInput, onDone: { target: 'b', actions: { type: 'keep', params: pick } }, onError: [{ guard: 'ok', target: 'b' }, 'done'] },
    },
    b: { after: { wait: [{ guard: 'ok', target: '#m.a' }, { target: 'done' }] }, on: { go: { target: 'a', reenter: true, actions: assign({ n: 1 }) } } },
    done: { type: 'final', output: ({ context }) => context },
  },
});
`;

describe('machine files', () => {
  it('finds the six flow machines', () => {
    expect(machineFiles().map((file) => relative(root, file))).toEqual([
      'src/machines/aws-marketplace-sign-up/aws-marketplace-sign-up.machine.ts',
      'src/machines/email-update/email-update.machine.ts',
      'src/machines/external-user-link/external-user-link.machine.ts',
      'src/machines/mfa-setup/mfa-setup.machine.ts',
      'src/machines/sign-up/sign-up.machine.ts',
      'src/machines/tenant-sign-up/tenant-sign-up.machine.ts',
    ]);
  });

  it.each(machineFiles().map((file) => [relative(root, file), file]))('%s writes its whole statechart as one literal', (_, file) => {
    expect(literalConfigIssues(file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('literalConfigIssues', () => {
  it('accepts a literal statechart with function-valued context, input, params, output and assign actions', () => {
    expect(literalConfigIssues('good.machine.ts', GOOD)).toEqual([]);
  });

  it.each([
    ['a state built by a call', GOOD.replace("b: { after:", "b: built('x'), c: { after:"), 'config.states.b: CallExpression where an object literal is needed'],
    ['a spread into a state', GOOD.replace('tags: [\'busy\'],', '...inFlight(), tags: [\'busy\'],'), 'config.states.a: SpreadAssignment (only plain `key: value` properties)'],
    ['spread states', GOOD.replace('states: {', 'states: { ...shared,'), 'config.states: SpreadAssignment (only plain `key: value` properties)'],
    ['a state from an identifier', GOOD.replace("done: { type: 'final'", "done: finalState, x: { type: 'final'"), 'config.states.done: Identifier where an object literal is needed'],
    ['a computed state name', GOOD.replace('a: {', '[name]: {'), 'config.states: computed key [name] (only plain `key: value` properties)'],
    ['a transition from a call', GOOD.replace("on: { 'flow.cancel': '.done' }", "on: { 'flow.cancel': refuse('.done') }"), "config.on.flow.cancel: CallExpression where an object literal is needed"],
    ['a computed target', GOOD.replace("target: '#m.a'", 'target: `#${ID}.a`'), "config.states.b.after.wait[0].target: TemplateExpression where a string literal is needed"],
    ['an inline guard function', GOOD.replace("guard: 'ok', target: 'b'", "guard: () => true, target: 'b'"), 'config.states.a.invoke.onError[0].guard: ArrowFunction where an object literal is needed'],
    ['an invoke from a call', GOOD.replace("invoke: { id: 'load'", "invoke: request('load'), x: { id: 'load'"), 'config.states.a.invoke: CallExpression where an object literal is needed'],
    ['a tag from a constant', GOOD.replace("tags: ['busy']", 'tags: [BUSY]'), 'config.states.a.tags[0]: Identifier where a string literal is needed'],
    ['meta from a call', GOOD.replace("meta: { persist: { resumeAt: 'b'", "meta: { persist: { resumeAt: at('b')"), 'config.states.a.meta.persist.resumeAt: CallExpression in meta (only literal data)'],
    ['an action built by a helper', GOOD.replace('actions: assign({ n: 1 })', 'actions: keepAll()'), 'config.states.b.on.go.actions: call of keepAll (only xstate\'s action creators)'],
    ['an unknown key', GOOD.replace("b: { after:", "b: { extra: 1, after:"), 'config.states.b.extra: unknown key'],
  ])('reports %s', (_, text, issue) => {
    expect(literalConfigIssues('bad.machine.ts', text)).toContain(issue);
  });

  it('reports a file without exactly one setup(...).createMachine(...)', () => {
    expect(literalConfigIssues('none.machine.ts', "export const m = createMachine({ id: 'm' });")).toEqual([
      'none.machine.ts: 0 setup(...).createMachine(...) calls, expected 1',
    ]);
  });
});
