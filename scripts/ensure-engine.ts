/** Makes sure the embedded engine (FerretDB) is available before the first start or test run. */
import { findFerretDb, installFerretDb } from '../src/db/ferretdb.ts';
import { createLogger } from '../src/logger.ts';

const log = createLogger('info');
const found = await findFerretDb();
if (!found) {
  const built = await installFerretDb(log);
  if (!built) log.warn('FerretDB is not available and Go is missing: Pathwise will try mongodb-memory-server, which needs internet access');
}
