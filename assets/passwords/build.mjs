// Bundles engine.js and its lists into one minified IIFE for the browser and
// for V8 on the server: hygie/static/hygie/passwords/hygie-passwords.js (run by
// `make vendor`, after build-lists.mjs). The header names the package versions,
// the licences and the SHA-256 of the sources, which a test compares with the
// sources to catch a bundle that was not rebuilt.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const outDir = join(root, "hygie", "static", "hygie", "passwords");

// Same recipe as hygie/accounts/engine.py's sources_hash(): one line
// "<sha256 of the file>  <path from the repository root>" per file, sorted by path.
export function sourcesHash() {
  const lines = readdirSync(here)
    .filter((name) => !name.startsWith("."))
    .sort()
    .map((name) => {
      const digest = createHash("sha256").update(readFileSync(join(here, name))).digest("hex");
      return `${digest}  ${relative(root, join(here, name)).split("\\").join("/")}\n`;
    });
  return createHash("sha256").update(lines.join("")).digest("hex");
}

const version = (name) => require(`${name}/package.json`).version;
const packages = ["@zxcvbn-ts/core", "@zxcvbn-ts/language-common", "@zxcvbn-ts/language-fr"];
const versions = packages.map((name) => `${name} ${version(name)}`).join(", ");

const header = `/*! Hygie password engine (hygie-passwords.js), built from assets/passwords by build.mjs.
 * Hygie's code: AGPL-3.0-or-later. Bundled: ${versions} (MIT);
 * language-fr's commonWords derive from OpenSubtitles 2024 via OPUS (ODC-BY, see NOTICE.txt);
 * communes: INSEE via @etalab/decoupage-administratif ${version("@etalab/decoupage-administratif")} (Licence Ouverte 2.0).
 * sources-sha256: ${sourcesHash()}
 */
`;

const result = await build({
  entryPoints: [join(here, "engine.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  charset: "utf8",
  legalComments: "none",
  write: false,
  define: { __HYGIE_VERSIONS__: JSON.stringify(versions) },
});

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "hygie-passwords.js"), header + result.outputFiles[0].text);
console.log(`hygie-passwords.js: ${result.outputFiles[0].contents.length} bytes, ${versions}`);
