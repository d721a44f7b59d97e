// Copies the dist files of the pinned front-end packages into the Python package's static folder.
// Run `npm install && npm run vendor` after changing package.json, then commit jijuqu/static/vendor.
// The copies are committed so that `pip install` needs no Node and nothing is loaded from a CDN.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const target = "jijuqu/static/vendor";
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
};
const versions = {};
for (const [src, dst] of Object.entries(files)) {
  const out = join(target, dst);
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(join("node_modules", src), out);
  const pkg = src.split("/")[0];
  versions[pkg] = JSON.parse(readFileSync(join("node_modules", pkg, "package.json"))).version;
}
console.log(JSON.stringify(versions));
