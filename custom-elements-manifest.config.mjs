/**
 * `custom-elements.json`, generated from the elements' JSDoc by `cem analyze` at the end of
 * `npm run build` and shipped in the npm package (package.json `customElements`). It is a
 * build output, like `dist/`, and is not committed.
 *
 * The base class is analyzed too, so the shared data attributes (`src`, `nct-id`, `api-base`)
 * and properties (`trial`, `study`) appear on every element that inherits them. Give events
 * their class in the JSDoc: `@fires {TrialErrorEvent} trial-error - …`.
 */
import { posix } from 'node:path';

/** Lit `static properties` entries that are internal state, by class name. */
const statesByClass = new Map();

/** `trial-note-add` → `TrialNoteAddEvent`: the naming rule of trialkit's event classes. */
function eventClassName(eventName) {
  return `${eventName.replace(/(^|-)([a-z])/g, (_, _dash, letter) => letter.toUpperCase())}Event`;
}

/**
 * Lit's `{ state: true }` properties are not attributes; the analyzer lists them as if they
 * were. It also reads `new SomeEvent('x')` in a `dispatchEvent` call as an event named `x`:
 * only `trial-*` names are events (DESIGN.md §1), each typed with its class when the JSDoc
 * did not say.
 */
function litStatePlugin() {
  return {
    name: 'trialkit-lit-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name?.getText() !== 'properties') continue;
        if (!member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue;
        for (const prop of member.initializer.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer)) continue;
          const isState = prop.initializer.properties.some(
            (option) => ts.isPropertyAssignment(option) && option.name.getText() === 'state' && option.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (!isState) continue;
          const states = statesByClass.get(node.name.text) ?? new Set();
          states.add(prop.name.getText());
          statesByClass.set(node.name.text, states);
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      const eventClasses = new Set(
        customElementsManifest.modules.flatMap((mod) => (mod.declarations ?? []).filter((d) => d.kind === 'class').map((d) => d.name)),
      );
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          const isState = (attribute) => {
            const owner = attribute.inheritedFrom?.name ?? declaration.name;
            return statesByClass.get(owner)?.has(attribute.fieldName) ?? false;
          };
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !isState(a));
          for (const member of declaration.members ?? []) {
            const owner = member.inheritedFrom?.name ?? declaration.name;
            if (statesByClass.get(owner)?.has(member.name)) member.privacy = 'protected';
          }
          if (!declaration.events) continue;
          declaration.events = declaration.events.filter((event) => event.name?.startsWith('trial-'));
          for (const event of declaration.events) {
            if (!event.type?.text && eventClasses.has(eventClassName(event.name))) event.type = { text: eventClassName(event.name) };
          }
        }
      }
    },
  };
}

/**
 * Registration goes through the guarded `defineElement(tag, Class)`, which the analyzer does
 * not know: record each call as the module's custom-element-definition export, so tools can
 * map a tag to its class and its import.
 */
function defineElementPlugin() {
  return {
    name: 'trialkit-define-element',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !element || !ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
      let from = moduleDoc.path;
      for (const statement of node.getSourceFile().statements) {
        if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
        const bindings = statement.importClause.namedBindings;
        if (ts.isNamedImports(bindings) && bindings.elements.some((binding) => binding.name.text === element.text)) {
          from = posix.normalize(posix.join(posix.dirname(moduleDoc.path), statement.moduleSpecifier.text));
        }
      }
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: element.text, module: from },
      });
    },
  };
}

const DEFINE_MODULE = /^src\/elements\/(trial-[a-z-]+)\/define\.ts$/;
const MAIN = 'dist/esm/trialkit.js';

/**
 * The analyzer names source files, which the package does not ship. Rewrite the manifest to the
 * shipped modules: every class (and whatever else `src/trialkit.ts` exports) is declared in the
 * main entry `dist/esm/trialkit.js`, and each element's define entry `dist/esm/<tag>.js`
 * registers its tag with a class from there. Source-only helpers drop out.
 */
function shippedPathsPlugin() {
  return {
    name: 'trialkit-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      const sourceModules = customElementsManifest.modules;
      const main = sourceModules.find((mod) => mod.path === 'src/trialkit.ts');
      if (!main) throw new Error('custom-elements-manifest: src/trialkit.ts was not analyzed');
      const exported = new Set((main.exports ?? []).map((e) => e.name));
      const declarations = sourceModules
        .filter((mod) => mod.path.startsWith('src/elements/') || mod.path.startsWith('src/internal/'))
        .flatMap((mod) => mod.declarations ?? [])
        .filter((d) => d.customElement || exported.has(d.name) || d.name === 'TrialDataElement');
      const shipped = (ref) => {
        if (ref?.module && /^(\/?src\/|\.\.?\/)/.test(ref.module)) ref.module = MAIN;
      };
      for (const declaration of declarations) {
        shipped(declaration.superclass);
        for (const list of [declaration.members, declaration.attributes, declaration.events]) {
          for (const item of list ?? []) shipped(item.inheritedFrom);
        }
      }
      const defines = sourceModules
        .filter((mod) => DEFINE_MODULE.test(mod.path))
        .map((mod) => {
          const tag = DEFINE_MODULE.exec(mod.path)[1];
          const exports = (mod.exports ?? []).map((e) => ({ ...e, declaration: { name: e.declaration.name, module: MAIN } }));
          return { kind: 'javascript-module', path: `dist/esm/${tag}.js`, declarations: [], exports };
        });
      customElementsManifest.modules = [
        {
          kind: 'javascript-module',
          path: MAIN,
          declarations,
          exports: declarations
            .filter((d) => exported.has(d.name))
            .map((d) => ({ kind: 'js', name: d.name, declaration: { name: d.name, module: MAIN } })),
        },
        ...defines,
      ];
    },
  };
}

export default {
  globs: ['src/trialkit.ts', 'src/elements/*/*.ts', 'src/internal/trial-data-element.ts', 'src/internal/trial-error-event.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json declares `"customElements": "custom-elements.json"` itself.
  packagejson: false,
  plugins: [litStatePlugin(), defineElementPlugin(), shippedPathsPlugin()],
};
