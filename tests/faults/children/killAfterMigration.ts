// Creates a lager and dies by SIGKILL right after its schema DDL: `ddl` before migrate() checkpoints, `migrate` after.
import { migrate, openLager, sqlFile } from '../../../sql/db.ts';

const [path, when] = process.argv.slice(2);
if (!path || (when !== 'ddl' && when !== 'migrate')) throw new Error('usage: killAfterMigration.ts LAGER ddl|migrate');
const lager = await openLager(path);
if (when === 'ddl') await lager.connection.run(sqlFile('ddl/001_lager'));
else await migrate(lager.connection);
process.kill(process.pid, 'SIGKILL');
