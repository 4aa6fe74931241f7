// A second writer: holds the lager open read-write (as a stuck nightly run or a statistician's DuckDB session would)
// until its stdin closes.
import { openLager } from '../../../sql/db.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: holdLager.ts LAGER');
const lager = await openLager(path);
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  lager.close();
  process.exit(0);
});
