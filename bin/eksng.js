#!/usr/bin/env node
'use strict';
// A reader that stops early (eksng explain | head -1) closes stdout: end quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
// Ctrl-C (SIGINT) and SIGTERM stop cfn-lint and cfn-guard, remove staged files, exit 130 / 143.
require('../dist/src/interrupt.js').installInterruptHandlers();
require('../dist/src/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    // main() maps every error to an exit code; this is only a last line of defence: one line, no stack.
    process.stderr.write(`eksng: unexpected error: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 2;
  });
