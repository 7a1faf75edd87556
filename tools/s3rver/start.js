// Starts s3rver (@20minutes/s3rver, an S3 API server storing objects in a directory) on a free loopback port and
// prints "s3rver listening on 127.0.0.1:<port>" once it accepts connections.
//
// usage: node start.js [--directory <dir>] [--stop-on-stdin-close]
//   --directory             where objects live; default: a new temporary directory, removed when the server stops
//   --stop-on-stdin-close   stop when the parent closes our stdin: a test fixture passes it so that a
//                           crashed test run leaves no orphan server behind
//
// Requests are path-style (http://127.0.0.1:<port>/<bucket>/<key>); signed requests must use the access key
// "S3RVER" with the secret "S3RVER" (others are refused with InvalidAccessKeyId or SignatureDoesNotMatch).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const S3rver = require('@20minutes/s3rver');

const directoryFlag = process.argv.indexOf('--directory');
const ownDirectory = !(directoryFlag >= 0 && process.argv[directoryFlag + 1]);
const directory = ownDirectory
  ? fs.mkdtempSync(path.join(os.tmpdir(), 'kickstarter-s3rver-'))
  : process.argv[directoryFlag + 1];

const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: ownDirectory });

// Signature fix for bucket-level requests (ListObjectsV2, ListMultipartUploads, CreateBucket). AWS signs the path
// as sent, and the AWS SDK for .NET sends "/<bucket>/"; s3rver rebuilds it as "/<bucket>" (what the JS SDK sends)
// and refuses the .NET SDK's signature with SignatureDoesNotMatch. s3rver keeps the trailing slash only for
// virtual-host requests, whose mount path it appends: mark path-style bucket-level requests ending in "/" that way.
// Runs after s3rver's vhost middleware (which sets ctx.state.vhost) and before its routes (which authenticate).
const vhostIndex = server.middleware.findIndex((fn) => fn.name === 'vhost');
if (vhostIndex < 0) throw new Error('s3rver changed: its vhost middleware was not found');
server.middleware.splice(vhostIndex + 1, 0, function keepBucketTrailingSlash(ctx, next) {
  if (!ctx.state.vhost && /^\/[^/]+\/$/.test(ctx.path)) {
    ctx.state.vhost = true;
    ctx.mountPath = '/';
  }
  return next();
});
server.run((err, address) => {
  if (err) {
    console.error(`s3rver failed to listen: ${err.message}`);
    process.exit(1);
  }
  console.log(`s3rver listening on 127.0.0.1:${address.port}`);
});

const stop = () => server.close(() => {
  if (ownDirectory) fs.rmSync(directory, { recursive: true, force: true });
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--stop-on-stdin-close')) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
