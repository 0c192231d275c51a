#!/usr/bin/env node
// usage: node run_tasks.mjs JOBS.json
// JOBS.json: {"task": "/abs/hand_landmarker_lite.task", "options": {numHands, minHandDetectionConfidence, ...},
//             "images": [{"name": "...", "raw": "/abs/x.rgb", "width": W, "height": H}, ...]}
// Runs MediaPipe Tasks HandLandmarker (tasks-vision WASM, CPU delegate / XNNPACK, IMAGE mode) once per
// image in headless Debian Chromium and prints one JSON line per image:
//   {name, width, height, ms, hands: [{handedness, handedness_score, handedness_index,
//    keypoints: [[x_px, y_px, z] x21], world: [[x, y, z] x21]}], runtime}
// x, y are image pixels (Tasks' normalised x * width, y * height; pixel edges at integers, the
// convention of glint's gi_affine.h); z is Tasks' normalised relative depth, as given.
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
const chromiumVersion = (execFileSync(chromiumPath, ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
  .match(/(\d+\.\d+\.\d+\.\d+)/) || [, '?'])[1];

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-files-'));
const server = await startServer({'/rt/': here, '/files/': files});
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-chromium-'));
let ctx;
try {
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true,
    // swiftshader: Tasks wants a WebGL2 context even on the CPU delegate; inference runs on XNNPACK.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const page = await ctx.newPage();
  page.on('console', m => process.stderr.write(`[chromium] ${m.text()}\n`));
  page.on('response', r => { if (r.status() >= 400) process.stderr.write(`[http ${r.status()}] ${r.url()}\n`); });
  page.on('pageerror', e => process.stderr.write(`[chromium error] ${e}\n`));
  await page.goto(`${server.origin}/rt/page.html`);
  await page.waitForFunction(() => window.pageReady === true);
  fs.copyFileSync(job.task, path.join(files, 'model.task'));
  await page.evaluate(([t, o]) => window.makeHandLandmarker(t, o), ['/files/model.task', job.options]);
  const runtime = `@mediapipe/tasks-vision ${version('@mediapipe/tasks-vision')} HandLandmarker (CPU delegate, IMAGE mode), ` +
    `Chromium ${chromiumVersion}`;
  for (const [i, im] of job.images.entries()) {
    fs.copyFileSync(im.raw, path.join(files, `x${i}.rgb`));
    const r = await page.evaluate(([u, w, h]) => window.detectHands(u, w, h), [`/files/x${i}.rgb`, im.width, im.height]);
    const hands = r.landmarks.map((lm, h) => ({
      handedness: r.handedness[h][0].categoryName,
      handedness_score: r.handedness[h][0].score,
      handedness_index: r.handedness[h][0].index,
      keypoints: lm.map(p => [p.x * im.width, p.y * im.height, p.z]),
      world: r.worldLandmarks[h].map(p => [p.x, p.y, p.z]),
    }));
    console.log(JSON.stringify({name: im.name, width: im.width, height: im.height, ms: r.ms, hands, runtime}));
  }
} finally {
  if (ctx) await ctx.close();
  await server.close();
  fs.rmSync(profile, {recursive: true, force: true});
  fs.rmSync(files, {recursive: true, force: true});
}
