// Bundles the admin screen into ../../internal/adminui/dist, which the
// binary embeds: index.html and assets/app-<hash>.js and .css. The output
// depends only on the sources and the pinned esbuild (package-lock.json),
// so `make ui-check` can rebuild it and diff it against the committed one.
import * as esbuild from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.resolve(here, "../../internal/adminui/dist");

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, "assets"), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { app: "src/main.tsx" },
  outdir: path.join(out, "assets"),
  entryNames: "[name]-[hash]",
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  legalComments: "eof",
  jsx: "automatic",
  jsxImportSource: "preact",
  metafile: true,
  write: true,
  logLevel: "warning",
});

// The names of the hashed files, for index.html.
const names = { js: "", css: "" };
for (const file of Object.keys(result.metafile.outputs)) {
  const ext = path.extname(file).slice(1);
  if (ext === "js" || ext === "css") names[ext] = path.basename(file);
}
if (!names.js || !names.css) throw new Error(`build: expected one .js and one .css output, got ${Object.keys(result.metafile.outputs)}`);

const html = (await readFile(path.join(here, "index.html"), "utf8"))
  .replace("%APP_JS%", `assets/${names.js}`)
  .replace("%APP_CSS%", `assets/${names.css}`);
await writeFile(path.join(out, "index.html"), html);
console.log(`build: ${path.relative(process.cwd(), out)}: index.html, assets/${names.js}, assets/${names.css}`);
