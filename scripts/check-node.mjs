// First step of `npm start`, `npm test` and `npm run bench`: names the Node.js in use and stops with a
// clear message on anything older than the runtime the mesh supports. Plain syntax on purpose, so
// that an old Node can still run it far enough to say so.
const REQUIRED_MAJOR = 26;
const major = Number(process.versions.node.split(".")[0]);
if (!(major >= REQUIRED_MAJOR)) {
  console.error(
    `csp-mesh needs Node.js ${REQUIRED_MAJOR} or later, but this is ${process.version} (${process.execPath}).\n` +
      "On Linux x64 and arm64, `npm ci` installs Node.js 26 into node_modules/.bin, which npm scripts use;\n" +
      "if that was skipped (--omit=optional, another platform), install Node.js 26 LTS and run `npm ci` again.",
  );
  process.exit(1);
}
console.error(`csp-mesh: Node.js ${process.version} (${process.execPath})`);
