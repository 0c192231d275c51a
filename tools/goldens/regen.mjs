#!/usr/bin/env node
// usage: node regen.mjs --glint-model BIN --cache DIR --out DIR   (normally run by regen.sh)
// Makes every golden case: `glint-model prep` turns the photo into the input tensor, an independent
// reference runtime runs the model on exactly those bytes, the outputs land in OUT/<case>/<name>.f32,
// and OUT/cases.tsv describes each case (the contract read by glint's golden test). Prints a summary
// per case, with the sanity numbers of reference.md section 8 where there are some.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {summarize} from './lib/summary.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = name => {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return path.resolve(process.argv[i + 1]);
};
const gm = arg('--glint-model'), cache = arg('--cache'), outDir = arg('--out');

// The cases (tests/golden/README.md explains each). prep: glint-model prep arguments.
// runtime: 'tflite' = TFLite XNNPACK via tfjs-tflite in Chromium, 'tfjs' = TF.js graph model in Node.
const CASES = [
  {name: 'palm_detection_lite', model: 'mediapipe/palm_detection_lite.tflite', image: 'hand_open_palm_a.png', prep: ['--size', '192', '--range', '0,1'], runtime: 'tflite'},
  {name: 'palm_detection_full', model: 'mediapipe/palm_detection_full.tflite', image: 'hand_open_palm_a.png', prep: ['--size', '192', '--range', '0,1'], runtime: 'tflite'},
  {name: 'hand_landmark_lite', model: 'mediapipe/hand_landmark_lite.tflite', image: 'hand_right_open_palm.png', prep: ['--size', '224', '--range', '0,1', '--rotate', '90'], runtime: 'tflite'},
  {name: 'hand_landmark_full', model: 'mediapipe/hand_landmark_full.tflite', image: 'hand_right_open_palm.png', prep: ['--size', '224', '--range', '0,1', '--rotate', '90'], runtime: 'tflite'},
  {name: 'pose_detection', model: 'mediapipe/pose_detection.tflite', image: 'person_messi5.png', prep: ['--size', '224', '--range', '-1,1'], runtime: 'tflite'},
  {name: 'pose_landmark_lite', model: 'mediapipe/pose_landmark_lite.tflite', image: 'person_messi5.png', prep: ['--size', '256', '--range', '0,1'], runtime: 'tflite'},
  {name: 'pose_landmark_full', model: 'mediapipe/pose_landmark_full.tflite', image: 'person_messi5.png', prep: ['--size', '256', '--range', '0,1'], runtime: 'tflite'},
  {name: 'pose_landmark_heavy', model: 'mediapipe/pose_landmark_heavy.tflite', image: 'person_messi5.png', prep: ['--size', '256', '--range', '0,1'], runtime: 'tflite'},
  {name: 'movenet-lightning', model: 'tfjs/movenet-lightning.json', image: 'person_messi5.png', prep: ['--size', '192', '--range', '0,255', '--dtype', 'i32'], runtime: 'tfjs'},
  {name: 'movenet-thunder', model: 'tfjs/movenet-thunder.json', image: 'person_basketball1.png', prep: ['--size', '256', '--range', '0,255', '--dtype', 'i32'], runtime: 'tfjs'},
  {name: 'movenet-multipose', model: 'tfjs/movenet-multipose.json', image: 'people_vtest_f200.png', prep: ['--size', '256', '--range', '0,255', '--dtype', 'i32'], runtime: 'tfjs'},
  {name: 'handlandmark-lite', model: 'tfjs/handlandmark-lite.json', image: 'hand_right_open_palm.png', prep: ['--size', '224', '--range', '0,1', '--rotate', '90'], runtime: 'tfjs'},
  {name: 'handlandmark-full', model: 'tfjs/handlandmark-full.json', image: 'hand_right_open_palm.png', prep: ['--size', '224', '--range', '0,1', '--rotate', '90'], runtime: 'tfjs'},
];
const JS_DTYPE = {f32: 'float32', i32: 'int32'};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'glint-goldens-'));
const staging = path.join(work, 'golden');
try {
  // 1. Input tensors, made by glint itself.
  for (const c of CASES) {
    c.raw = path.join(work, `${c.name}.raw`);
    const stdout = execFileSync(gm, ['prep', path.join(cache, 'images', c.image), ...c.prep, '--out', c.raw], {encoding: 'utf8'});
    c.prepInfo = JSON.parse(stdout);
  }
  // 2. Reference runs, one process per runtime.
  const results = new Map();
  for (const rt of ['tflite', 'tfjs']) {
    const cases = CASES.filter(c => c.runtime === rt);
    const jobs = cases.map(c => ({model: path.join(cache, 'models', c.model), input: c.raw, dtype: JS_DTYPE[c.prepInfo.dtype],
      shape: c.prepInfo.shape, out_dir: path.join(staging, c.name)}));
    const jobFile = path.join(work, `${rt}.jobs.json`);
    fs.writeFileSync(jobFile, JSON.stringify(jobs, null, 1));
    const driver = rt === 'tflite' ? path.join(here, 'tflite', 'run_tflite.mjs') : path.join(here, 'tfjs', 'run_tfjs.cjs');
    const lines = execFileSync(process.execPath, [driver, jobFile], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26}).trim().split('\n');
    if (lines.length !== cases.length) throw new Error(`${rt}: ${lines.length} results for ${cases.length} jobs`);
    cases.forEach((c, i) => results.set(c.name, JSON.parse(lines[i])));
  }
  // 3. Check that the runtime saw the tensor we meant, then the manifest.
  const rows = [['case', 'model', 'input_name', 'input_dtype', 'input_shape', 'image', 'prep', 'input_sha256', 'runtime', 'outputs']];
  for (const c of CASES) {
    const r = results.get(c.name);
    const inp = r.inputs[0];
    // -1 (MultiPose's free H and W) matches any size.
    const shapeOk = inp.shape.length === 4 && inp.shape.every((d, i) => d === -1 || d === c.prepInfo.shape[i]);
    if (!shapeOk || inp.dtype !== JS_DTYPE[c.prepInfo.dtype])
      throw new Error(`${c.name}: model input ${inp.dtype} ${inp.shape} vs tensor ${c.prepInfo.dtype} ${c.prepInfo.shape}`);
    c.outputs = r.outputs;
    rows.push([c.name, c.model, inp.name, c.prepInfo.dtype, c.prepInfo.shape.join('x'), c.image, c.prepInfo.spec,
      c.prepInfo.sha256, r.runtime, r.outputs.map(o => `${o.name}:${o.shape.join('x')}:f32`).join(',')]);
  }
  // 4. Replace the committed cases (only those; README.md and anything else stay).
  fs.mkdirSync(outDir, {recursive: true});
  for (const c of CASES) {
    fs.rmSync(path.join(outDir, c.name), {recursive: true, force: true});
    fs.cpSync(path.join(staging, c.name), path.join(outDir, c.name), {recursive: true});
  }
  fs.writeFileSync(path.join(outDir, 'cases.tsv'), rows.map(r => r.join('\t')).join('\n') + '\n');
  let total = fs.statSync(path.join(outDir, 'cases.tsv')).size;
  for (const c of CASES) for (const o of c.outputs) total += fs.statSync(path.join(outDir, c.name, o.file)).size;
  // 5. Human-readable summary.
  for (const c of CASES) {
    const outs = Object.fromEntries(c.outputs.map(o => {
      const b = fs.readFileSync(path.join(outDir, c.name, o.file));
      return [o.name, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength))];
    }));
    console.log(`== ${c.name}  (${c.image}, ${c.prepInfo.spec}, ${c.prepInfo.dtype}, input sha256 ${c.prepInfo.sha256.slice(0, 16)}...)`);
    for (const line of summarize(c.name, outs, c.prepInfo)) console.log('   ' + line);
  }
  console.log(`goldens: ${CASES.length} cases, ${(total / 1e6).toFixed(2)} MB in ${outDir}`);
} finally {
  fs.rmSync(work, {recursive: true, force: true});
}
