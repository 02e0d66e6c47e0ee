// Jest runs this project as CommonJS. email-reply-parser and openid-client (with oauth4webapi and jose) ship
// only ES modules: Node (20.19 and later) require()s them in production, but Jest's own module loader cannot
// run them. For the tests, their files are compiled to CommonJS by TypeScript, `import.meta.url` (ES modules
// only) given its CommonJS value and the module's own `require` binding renamed so that it does not clash
// with CommonJS's.
const ts = require('typescript');

/** @param {import('typescript').TransformationContext} context */
const asCommonJs = (context) => (file) => {
  const { factory } = context;
  const fileUrl = () =>
    factory.createPropertyAccessExpression(
      factory.createCallExpression(
        factory.createPropertyAccessExpression(
          factory.createCallExpression(factory.createIdentifier('require'), undefined, [
            factory.createStringLiteral('node:url'),
          ]),
          'pathToFileURL',
        ),
        undefined,
        [factory.createIdentifier('__filename')],
      ),
      'href',
    );
  /** @param {import('typescript').Node} node */
  const visit = (node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.name.text === 'url')
      return fileUrl();
    if (ts.isPropertyAccessExpression(node))
      return factory.updatePropertyAccessExpression(node, visit(node.expression), node.name);
    if (ts.isIdentifier(node) && node.text === 'require') return factory.createIdentifier('moduleRequire');
    return ts.visitEachChild(node, visit, context);
  };
  return ts.visitNode(file, visit);
};

module.exports = {
  process: (source, filename) => {
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true },
      transformers: { before: [asCommonJs] },
    });
    return { code: outputText };
  },
};
