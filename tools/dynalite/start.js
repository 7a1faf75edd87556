// Starts dynalite (a DynamoDB API server on LevelDB) on a free loopback port and prints
// "dynalite listening on 127.0.0.1:<port>" once it accepts connections.
// dynalite's own CLI cannot do this: `--port 0` falls back to 4567.
//
// usage: node start.js [--path <leveldb-directory>] [--stop-on-stdin-close]
//   --path                  keep tables on disk (LevelDB) instead of in memory
//   --stop-on-stdin-close   stop when the parent closes our stdin: a test fixture passes it so that a
//                           crashed test run leaves no orphan server behind
'use strict';

const dynalite = require('dynalite');

const pathFlag = process.argv.indexOf('--path');
const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
if (pathFlag >= 0 && process.argv[pathFlag + 1]) {
  options.path = process.argv[pathFlag + 1];
}

const server = dynalite(options);
server.listen(0, '127.0.0.1', (err) => {
  if (err) {
    console.error(`dynalite failed to listen: ${err.message}`);
    process.exit(1);
  }
  console.log(`dynalite listening on 127.0.0.1:${server.address().port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--stop-on-stdin-close')) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
