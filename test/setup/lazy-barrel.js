/**
 * Jest transform for the kit's barrel (shared/src/index.ts) in the unit project. As written, the
 * first import of `@csp-mesh/kit` loads all of the kit's modules and with them the MongoDB driver,
 * kafkajs, gRPC and OpenTelemetry, about 2 s for every unit suite (jest loads modules afresh for
 * each suite), even one that only formats a date. Transformed, the barrel exports the same names
 * from the same modules, each module loaded when one of its names is first read: a suite pays only
 * for what it uses. TypeScript's CommonJS output reads an imported name at each use
 * (`(0, kit_1.formatPence)(...)`), so nothing else changes. Integration suites, which start whole
 * services and so load everything anyway, get the barrel as written.
 */
const { createHash } = require("node:crypto");
const { existsSync, readFileSync } = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

/** The module a relative specifier names, as jest resolves it for these sources. */
function resolveSource(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const file of [`${base}.ts`, path.join(base, "index.ts")]) if (existsSync(file)) return file;
  throw new Error(`lazy-barrel: cannot resolve ${spec} from ${from}`);
}

const exported = (node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The value names a module exports (types have no value at run time), following `export *`. */
function valueExports(file, seen = new Set()) {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const names = [];
  for (const node of source.statements) {
    if (ts.isExportDeclaration(node)) {
      if (node.isTypeOnly) continue;
      if (!node.exportClause && node.moduleSpecifier)
        names.push(...valueExports(resolveSource(file, node.moduleSpecifier.text), seen));
      else if (node.exportClause && ts.isNamedExports(node.exportClause))
        for (const el of node.exportClause.elements) if (!el.isTypeOnly) names.push(el.name.text);
      continue;
    }
    if (!exported(node)) continue;
    if (ts.isVariableStatement(node))
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && node.name)
      names.push(node.name.text);
  }
  return names;
}

/** The barrel's `export * from "./x"` lines, in order. */
function reexports(sourceText, sourcePath) {
  const source = ts.createSourceFile(sourcePath, sourceText, ts.ScriptTarget.Latest, false);
  return source.statements.map((node) => {
    if (!ts.isExportDeclaration(node) || node.exportClause || !node.moduleSpecifier)
      throw new Error(`lazy-barrel: ${sourcePath} must hold only \`export * from\` lines`);
    return node.moduleSpecifier.text;
  });
}

module.exports = {
  // The output depends on every re-exported module's names, so on their text too.
  getCacheKey(sourceText, sourcePath) {
    const hash = createHash("sha256").update(readFileSync(__filename)).update(sourceText);
    for (const spec of reexports(sourceText, sourcePath)) hash.update(readFileSync(resolveSource(sourcePath, spec)));
    return hash.digest("hex");
  },
  process(sourceText, sourcePath) {
    const lines = [
      '"use strict";',
      'Object.defineProperty(exports, "__esModule", { value: true });',
      "const lazy = (load) => { let m; return () => (m ??= load()); };",
    ];
    const taken = new Set();
    reexports(sourceText, sourcePath).forEach((spec, i) => {
      const names = valueExports(resolveSource(sourcePath, spec)).filter((n) => !taken.has(n));
      for (const n of names) taken.add(n);
      lines.push(`const m${i} = lazy(() => require(${JSON.stringify(spec)}));`);
      lines.push(
        `for (const n of ${JSON.stringify(names)}) Object.defineProperty(exports, n, { enumerable: true, get: () => m${i}()[n] });`,
      );
    });
    return { code: lines.join("\n") };
  },
};
