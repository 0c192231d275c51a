#!/usr/bin/env node
// usage: node run_tfjs.cjs JOBS.json
// JOBS.json: [{"model": "/abs/model.json", "input": "/abs/in.raw", "dtype": "int32"|"float32",
//              "shape": [1, H, W, 3], "out_dir": "/abs/dir"}, ...]
// Runs TF.js graph models (MoveNet, handlandmark) in Node with TF.js 4.22.0 on the pure-JS cpu
// backend. The model is handed over from memory (model.json + its .bin shards concatenated in
// weightsManifest order), so nothing is fetched. The input file holds raw little-endian values of
// the given dtype (glint-model prep --dtype i32 / f32). Writes out_dir/<output name>.f32, with
// TF.js's ":0" suffix dropped from the tensor name, and prints one JSON line per job.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfconv = require('@tensorflow/tfjs-converter');

const version = name => JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'))).version;
const plainName = n => n.replace(/:0$/, '');

function artifactsFromDisk(modelJson) {
  const mj = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const specs = [];
  const shards = [];
  for (const group of mj.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) shards.push(fs.readFileSync(path.join(path.dirname(modelJson), p)));
  }
  const all = Buffer.concat(shards);
  return {
    modelTopology: mj.modelTopology, format: mj.format, generatedBy: mj.generatedBy, convertedBy: mj.convertedBy,
    signature: mj.signature, userDefinedMetadata: mj.userDefinedMetadata, weightSpecs: specs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

function readInput(file, dtype) {
  const b = fs.readFileSync(file);
  const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  if (dtype === 'int32') return new Int32Array(ab);
  if (dtype === 'float32') return new Float32Array(ab);
  throw new Error(`unsupported input dtype ${dtype}`);
}

async function main() {
  const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  await tf.setBackend('cpu');
  await tf.ready();
  const runtime = `TF.js ${version('@tensorflow/tfjs-core')} (tfjs-converter ${version('@tensorflow/tfjs-converter')}, ` +
    `cpu backend ${version('@tensorflow/tfjs-backend-cpu')}), Node ${process.versions.node}`;
  for (const job of jobs) {
    const model = await tfconv.loadGraphModel(tf.io.fromMemory(artifactsFromDisk(job.model)));
    const x = tf.tensor(readInput(job.input, job.dtype), job.shape, job.dtype);
    let ys = await model.executeAsync(x);
    if (!Array.isArray(ys)) ys = [ys];
    fs.mkdirSync(job.out_dir, {recursive: true});
    const outputs = [];
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i];
      if (y.dtype !== 'float32') throw new Error(`${job.model}: output ${i} is ${y.dtype}, not float32`);
      const data = await y.data();
      const name = plainName(model.outputs[i].name);
      const file = `${name}.f32`;
      fs.writeFileSync(path.join(job.out_dir, file), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      outputs.push({name, shape: y.shape, dtype: y.dtype, file});
      y.dispose();
    }
    x.dispose();
    model.dispose();
    console.log(JSON.stringify({model: job.model,
      inputs: model.inputs.map(t => ({name: plainName(t.name), shape: t.shape, dtype: t.dtype})), outputs, runtime}));
  }
}

main().catch(e => { console.error(e); process.exit(1); });
