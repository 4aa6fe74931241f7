#!/usr/bin/env node
// Runtime loader: the CLI is TypeScript, run through tsx so `npx lagesbild` works right after `npm ci` without a build.
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Europe/Stockholm';
register();
await import('../cli/main.ts');
