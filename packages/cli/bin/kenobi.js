#!/usr/bin/env node
// Entry point of the `kenobi` command: runs the compiled CLI (built by `pnpm install` / `pnpm build`).
import '../dist/main.js';
