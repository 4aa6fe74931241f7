#!/usr/bin/env node
// The registry mirror of this workplace serves only the linux-x64 builds of some packages with per-platform
// optional dependencies (@duckdb/node-bindings-*, @oxlint/binding-*). `npm install` then leaves the other
// platforms out of package-lock.json and `npm ci` refuses the lock as out of sync. This adds the missing entries
// (version, os, cpu, libc: what npm needs to skip them) so that `npm ci` installs. Run it after `npm install`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
const wanted = new Map();
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) wanted.set(name, version);
}
const OSES = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPUS = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 'riscv64', 's390x', 'loong64', 'mips64el'];
let added = 0;
for (const [name, version] of wanted) {
  const key = `node_modules/${name}`;
  if (packages[key]) continue;
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OSES.includes(p));
  if (!os) continue;
  const cpu =
    parts.includes('eabi') || parts.includes('gnueabihf') || parts.includes('musleabihf') ? 'arm' : parts.find((p) => CPUS.includes(p));
  const entry = { cpu: cpu ? [cpu] : undefined, libc: undefined, optional: true, os: [os], version };
  if (os === 'linux') entry.libc = [parts.some((p) => p.startsWith('musl')) ? 'musl' : 'glibc'];
  packages[key] = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  added++;
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.error(`complete-lockfile: ${added} platform entries added`);
execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'ignore' });
