// Loopback-only static file server on a free port (port 0), for pages that need http://
// (WASM and fetch() do not work from file://). Serves exactly the mounts it is given.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json',
};

// mounts: { '/url/prefix/': '/absolute/folder' } -- every URL must fall under one prefix.
export async function startServer(mounts) {
  const entries = Object.entries(mounts).map(([prefix, dir]) => [prefix, path.resolve(dir)]);
  const server = http.createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname); } catch { pathname = ''; }
    for (const [prefix, dir] of entries) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, pathname.slice(prefix.length));
      // Refuse anything that escapes the mounted folder (../ tricks).
      if (file !== dir && !file.startsWith(dir + path.sep)) break;
      fs.stat(file, (err, st) => {
        if (err || !st.isFile()) { res.writeHead(404); res.end(); return; }
        res.writeHead(200, {'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
          'Content-Length': st.size, 'Cache-Control': 'no-store'});
        fs.createReadStream(file).pipe(res);
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const {port} = server.address();
  return {origin: `http://127.0.0.1:${port}`, close: () => new Promise(r => server.close(r))};
}
