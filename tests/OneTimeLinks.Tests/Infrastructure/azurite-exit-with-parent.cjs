// Loaded into each Azurite the tests and the benchmark start (node -r): the emulator ends when the process that
// started it is gone. vstest kills a test host 100 ms after the run (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), which can come
// before the host's exit handler has stopped Azurite; the emulator then ran on as an orphan, keeping its directory of
// queues in /dev/shm. On that exit the process that owns the directory deletes it.
'use strict';
const fs = require('node:fs');

const parent = process.ppid;
const scratch = process.env.ONETIMELINKS_AZURITE_SCRATCH;

if (scratch) {
  process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));
}

// An orphan is adopted by another process, so its parent id changes.
setInterval(() => {
  if (process.ppid !== parent) {
    process.exit(0);
  }
}, 250).unref();
