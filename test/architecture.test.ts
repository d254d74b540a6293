import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: import/export … from '…', import('…') and bare import '…'. */
function importSpecifiers(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
  return [...text.matchAll(pattern)].map((match) => match[2]!);
}

/** The relative imports of every file under src/<folder>, as paths under src. */
function importsOf(folder: string): { file: string; target: string }[] {
  return sourceFiles(join(SRC, folder)).flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ file: relative(SRC, file), target: relative(SRC, resolve(dirname(file), specifier)) })),
  );
}

describe('the layers of src', () => {
  it('finds every kind of import it checks', () => {
    const text = `import a from './a.js';\nimport type { B } from "../b.js";\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('./e.js');`;
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  });

  it('src/http imports nothing from src/storage: handlers call use cases and present what they return', () => {
    const imports = importsOf('http');
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.filter(({ target }) => target.startsWith('storage/'))).toEqual([]);
  });

  it('src/domain imports nothing outside src/domain', () => {
    const imports = importsOf('domain');
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter(({ target }) => !target.startsWith('domain/'))).toEqual([]);
  });

  it('schema modules import only typebox and other schema modules, so the web UI can derive its types from them', () => {
    const schemaFiles = [join(SRC, 'http/schemas.ts'), ...sourceFiles(join(SRC, 'http/presenters')).filter((file) => file.endsWith('.schema.ts'))];
    expect(schemaFiles.length).toBeGreaterThan(5);
    const strays = schemaFiles.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier !== 'typebox' && !specifier.endsWith('.schema.js') && specifier !== '../schemas.js')
        .map((specifier) => `${relative(SRC, file)} → ${specifier}`),
    );
    expect(strays).toEqual([]);
  });

  it('the web UI reaches the server only for its schemas, and only for their types', () => {
    const serverImports = sourceFiles(join(SRC, 'web')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import(\s+type)?[^'"]*from\s*'([^']+)'/gm)]
        .filter((match) => !relative(SRC, resolve(dirname(file), match[2]!)).startsWith('web/') && match[2]!.startsWith('.'))
        .map((match) => ({ file: relative(SRC, file), typeOnly: match[1] !== undefined, target: relative(SRC, resolve(dirname(file), match[2]!)) })),
    );
    expect(serverImports.length).toBeGreaterThan(0);
    expect(serverImports.filter(({ typeOnly, target }) => !typeOnly || !/^http\/(presenters\/[\w-]+\.schema|schemas)\.js$/.test(target))).toEqual([]);
  });
});
