#!/usr/bin/env node
// usage: node run_tflite.mjs JOBS.json
// JOBS.json: [{"model": "/abs/x.tflite", "input": "/abs/in.raw", "out_dir": "/abs/dir"}, ...]
// Runs each raw .tflite once on its raw input with TFLite (XNNPACK, WASM SIMD, 1 thread) through
// tfjs-tflite in headless Debian Chromium, writes out_dir/<output name>.f32 (raw little-endian) and
// prints one JSON line per job: {model, inputs, outputs: [{name, shape, dtype, file}], runtime}.
// The browser is never downloaded: CHROMIUM (default /usr/bin/chromium) is driven by playwright-core.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startServer} from '../lib/static_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const {chromium} = require('playwright-core');
const version = name => JSON.parse(fs.readFileSync(path.join(here, 'node_modules', name, 'package.json'))).version;

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// The user agent reports a reduced version (156.0.0.0); ask the binary for the full one.
const chromiumVersion = (execFileSync(chromiumPath, ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  .match(/(\d+\.\d+\.\d+\.\d+)/) || [, '?'])[1];

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-files-'));
const server = await startServer({'/rt/': here, '/files/': files});
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-chromium-'));
let ctx;
try {
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await ctx.newPage();
  page.on('console', m => process.stderr.write(`[chromium] ${m.text()}\n`));
  page.on('response', r => { if (r.status() >= 400) process.stderr.write(`[http ${r.status()}] ${r.url()}\n`); });
  page.on('pageerror', e => process.stderr.write(`[chromium error] ${e}\n`));
  await page.goto(`${server.origin}/rt/page.html`);
  await page.waitForFunction(() => window.pageReady === true);
  for (const [i, job] of jobs.entries()) {
    // Serve the model and input under neutral names from a private folder.
    fs.copyFileSync(job.model, path.join(files, `m${i}.tflite`));
    fs.copyFileSync(job.input, path.join(files, `x${i}.raw`));
    const res = await page.evaluate(([m, x]) => window.runTflite(m, x), [`/files/m${i}.tflite`, `/files/x${i}.raw`]);
    fs.mkdirSync(job.out_dir, {recursive: true});
    const outputs = res.outputs.map(o => {
      if (o.dtype !== 'float32') throw new Error(`${job.model}: output ${o.name} is ${o.dtype}, not float32`);
      const file = `${o.name}.f32`;
      fs.writeFileSync(path.join(job.out_dir, file), Buffer.from(o.base64, 'base64'));
      return {name: o.name, shape: o.shape, dtype: o.dtype, file};
    });
    const runtime = `tfjs-tflite ${version('@tensorflow/tfjs-tflite')} (TFLite XNNPACK wasm-simd, 1 thread) ` +
      `+ tfjs-core ${version('@tensorflow/tfjs-core')}, Chromium ${chromiumVersion}`;
    console.log(JSON.stringify({model: job.model, inputs: res.inputs, outputs, runtime}));
  }
} finally {
  if (ctx) await ctx.close();
  await server.close();
  fs.rmSync(profile, {recursive: true, force: true});
  fs.rmSync(files, {recursive: true, force: true});
}
