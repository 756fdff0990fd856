// Launches Debian's Chromium headless with the flags that work on this machine (no sandbox, no
// GPU, nothing that reaches outside 127.0.0.1). `CHROMIUM` overrides the executable; `extraArgs`
// are added to the flags (the perf scripts pass V8's, say).
import { chromium } from 'playwright-core';

export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}
