#!/usr/bin/env node
// The `video-conductor` executable: runCli over the process, with Ctrl-C handling.
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

const controller = new AbortController();
let interrupts = 0;
const onInterrupt = () => {
  interrupts += 1;
  // First Ctrl-C: stop waiting (submitted jobs stay resumable) and print where things stand. Second: leave now.
  if (interrupts > 1) process.exit(130);
  controller.abort(new DOMException('Interrupted', 'AbortError'));
};
process.on('SIGINT', onInterrupt);
process.on('SIGTERM', onInterrupt);

// No top-level await, so the file also builds as CommonJS.
void runCli(process.argv.slice(2), processIo(controller.signal)).then((exitCode) => {
  process.exitCode = exitCode;
});
