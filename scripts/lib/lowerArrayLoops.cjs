'use strict';
// A build step for the bundles that run the engine (scripts/build.mjs): every `for (const x of
// xs)` whose `xs` the type checker knows to be an array or a tuple becomes an index loop.
//
// Why: a run of iamlp over many policies spends most of its time in code V8 has not optimised yet,
// and there a for-of over an array costs about twice an index loop (it makes an iterator, calls
// its next() and allocates a result object per element). Lowering the 297 array loops of
// dist/cli.js took 4% off `iamlp check` over the 1,571 AWS managed policies (wall clock and main
// thread, 41 interleaved runs; 8% of its CPU time) and off a folder of CloudFormation and
// Terraform templates, with the same output. The source keeps for-of, which says what it means;
// the bundle gets the loop V8 runs fastest while cold.
//
// Only where the checker says array or tuple (readonly ones too): a Map, a Set, a string, a typed
// array, a union or an `any` keeps its for-of. For an array the two loops do the same: the
// iterable is evaluated once, each element is read at its index as the index grows, elements
// pushed during the loop are visited, a hole reads undefined; the loop variable is a fresh binding
// per element (closures see their own), and break, continue and labels apply as before. The body
// keeps its text and its lines, so the bundle's source map and stack traces point where they did.
//
// CommonJS, so that the unit tests (compiled to CommonJS) can require it.
const path = require('node:path');
const ts = require('typescript');

/** An identifier prefix the file does not use, for the index and the array of each loop. */
function freshPrefix(text) {
  let prefix = '$loop';
  while (text.includes(prefix)) prefix += '$';
  return prefix;
}

/** The loops to lower in a source file, in the order they start. */
function arrayLoops(sourceFile, checker) {
  const loops = [];
  const visit = (node) => {
    if (
      ts.isForOfStatement(node) &&
      !node.awaitModifier &&
      ts.isVariableDeclarationList(node.initializer) &&
      node.initializer.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let) &&
      node.initializer.declarations.length === 1 &&
      !node.initializer.declarations[0].initializer
    ) {
      const type = checker.getTypeAtLocation(node.expression);
      if (checker.isArrayType(type) || checker.isTupleType(type)) loops.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  // A loop inside another's head (in a callback of its iterable, say) keeps its for-of: the outer
  // head is rewritten from its original text, which holds the inner loop's.
  const heads = loops.map((loop) => [loop.getStart(sourceFile), loop.statement.getStart(sourceFile)]);
  return loops.filter((loop) => {
    const start = loop.getStart(sourceFile);
    return !heads.some(([headStart, headEnd]) => headStart < start && start < headEnd);
  });
}

/**
 * The text of `sourceFile` with its array for-of loops lowered, and how many there were. The
 * edits replace a loop's head and close the block its body is put in: a loop nested in another's
 * body is lowered as well, its edits falling inside the outer body's text.
 */
function lowerArrayLoops(sourceFile, checker) {
  const text = sourceFile.getFullText();
  const loops = arrayLoops(sourceFile, checker);
  if (loops.length === 0) return { text, lowered: 0 };
  const prefix = freshPrefix(text);
  const edits = [];
  loops.forEach((loop, n) => {
    const declarations = loop.initializer;
    const keyword = declarations.flags & ts.NodeFlags.Const ? 'const' : 'let';
    const binding = declarations.declarations[0].name.getText(sourceFile);
    const iterable = loop.expression.getText(sourceFile);
    const index = `${prefix}${n}i`;
    const array = `${prefix}${n}a`;
    const head =
      `for (let ${index} = 0, ${array} = (${iterable}); ${index} < ${array}.length; ${index}++) ` +
      `{ ${keyword} ${binding} = ${array}[${index}]; `;
    edits.push({ start: loop.getStart(sourceFile), end: loop.statement.getStart(sourceFile), text: head });
    edits.push({ start: loop.statement.getEnd(), end: loop.statement.getEnd(), text: ' }' });
  });
  // From the end, so that each edit's positions are still those of the original text. Where a
  // loop's body ends just as another loop begins, the head is replaced first and the closing brace
  // then put before it.
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let lowered = text;
  for (const edit of edits) lowered = lowered.slice(0, edit.start) + edit.text + lowered.slice(edit.end);
  return { text: lowered, lowered: loops.length };
}

/**
 * Lowering for the bundles built from `entryPoints` (relative to `root`): `plugin(report)` is an
 * esbuild plugin for one of them, which lowers the array loops of the TypeScript files under
 * server/src and tells `report` how many it lowered. The plugins share one type-checked program
 * of all the entry points, made when the first file is asked for (about 3 s).
 */
function arrayLoopLowering({ root, entryPoints }) {
  let program;
  const checked = () => {
    if (!program) {
      const config = ts.getParsedCommandLineOfConfigFile(
        path.join(root, 'tsconfig.json'),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
          },
        },
      );
      program = ts.createProgram(
        entryPoints.map((entry) => path.join(root, entry)),
        { ...config.options, noEmit: true },
      );
    }
    return program;
  };
  const sources = path.join(root, 'server', 'src') + path.sep;
  const plugin = (report = () => {}) => ({
    name: 'lower-array-loops',
    setup(build) {
      let count = 0;
      build.onStart(() => {
        count = 0;
      });
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(sources)) return undefined;
        const sourceFile = checked().getSourceFile(args.path);
        if (!sourceFile) return undefined;
        const { text, lowered } = lowerArrayLoops(sourceFile, checked().getTypeChecker());
        count += lowered;
        return { contents: text, loader: 'ts' };
      });
      build.onEnd(() => {
        report(count);
      });
    },
  });
  return { plugin };
}

module.exports = { lowerArrayLoops, arrayLoopLowering };
