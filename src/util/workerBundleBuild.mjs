// Builds one worker bundle for workerBundle.ts, in a process of its own (esbuild's plugins need
// its asynchronous API; the caller waits synchronously): argv = entry file, output file.
// Prints the build's input files (absolute paths) as JSON.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [entry, out] = process.argv.slice(2);
const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Modules find their neighbours (migrations, other workers' boot files) through
 * `import.meta.url`; bundled, every module would see the bundle's URL. Each of the project's
 * own modules keeps its own.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const src = readFileSync(args.path, 'utf8');
      if (!src.includes('import.meta.url')) return undefined;
      const ext = extname(args.path);
      return {
        contents: src.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'ts' : 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

const r = await build({
  entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20',
  packages: 'external', outfile: out, metafile: true, logLevel: 'error', plugins: [keepModuleUrls], absWorkingDir: projectRoot,
});
process.stdout.write(JSON.stringify(Object.keys(r.metafile.inputs).map((rel) => join(projectRoot, rel))));
