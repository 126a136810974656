#!/usr/bin/env node
// Validates an OCDS release package against a draft-04 JSON Schema with ajv + ajv-draft-04 (npm, pinned in
// package.json), then checks that the validator is awake: a copy with an unknown procurementMethod, and one
// without a release's ocid, must both fail.
//   usage: node validate_ocds.js SCHEMA.json PACKAGE.json
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');

const [schemaPath, packagePath] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })  // OCDS fields are often ["string", "null"];
// RFC 3339 date-times and absolute URIs (ajv has no formats of its own; ajv-formats is not needed for two).
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat('uri', /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$/);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
const pkg = JSON.parse(fs.readFileSync(packagePath, 'utf8'));

let failed = false;
if (!validate(pkg)) {
  failed = true;
  for (const e of validate.errors) console.log(`FAIL ${packagePath}${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`);
}

const broken = JSON.parse(JSON.stringify(pkg));
if (broken.releases.length) {
  broken.releases[0].tender.procurementMethod = 'e-bidding';
  if (validate(broken)) { failed = true; console.log('FAIL the schema accepts procurementMethod "e-bidding"'); }
  const noOcid = JSON.parse(JSON.stringify(pkg));
  delete noOcid.releases[0].ocid;
  if (validate(noOcid)) { failed = true; console.log('FAIL the schema accepts a release without ocid'); }
}
const methods = {};
for (const r of pkg.releases) methods[r.tender.procurementMethod] = (methods[r.tender.procurementMethod] || 0) + 1;
console.log(`OCDS ${pkg.version}: ${pkg.releases.length} releases (${JSON.stringify(methods)}): ${failed ? 'invalid' : 'valid'}`);
process.exit(failed ? 1 : 0);
