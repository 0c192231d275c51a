#!/usr/bin/env node
// usage: node make_task.mjs MODELS_DIR/mediapipe OUT.task [lite|full]
// Builds hand_landmarker_<variant>.task for @mediapipe/tasks-vision from glint's raw MediaPipe models.
//
// Why this is needed: MediaPipe Tasks refuses a float32 image input unless the model carries
// TFLITE_METADATA with NormalizationOptions ("NOT_FOUND: Input tensor has type float32: it requires
// specifying NormalizationOptions metadata"), and the raw .tflite files glint pins have none. A .task
// file is a ZIP with STORED (uncompressed) members under fixed names.
//
// How the metadata goes in without a TFLite schema library or re-serialising the model: a FlatBuffer
// only ever points forward with relative offsets, so the old file body can move as one block. We keep
// the 8-byte header (root offset + "TFL3"), insert N bytes (N a multiple of 16, so every alignment in
// the old body survives) holding a NEW root Model table, and shift the old body by N. The new root
// points at the old vectors (operator codes, subgraphs, description, metadata_buffer, signature defs)
// and at two new vectors: buffers = old buffers + one holding the metadata FlatBuffer, and metadata =
// old entries + {name "TFLITE_METADATA", buffer: that index}. Operators and weights are untouched; the
// old root table stays in the file, unreferenced. The result is checked by re-reading it.
//
// Both FlatBuffers here are written front to back (parents first, children after), which keeps every
// uoffset positive without the usual back-to-front builder.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

// ---------------------------------------------------------------------------------------------
// A tiny forward FlatBuffer writer. Nodes:
//   {table: [slot0, slot1, ...]}   slot = null | {u8} | {i8} | {u32} | {ref: node} | {old: absPos}
//   {vector: [ref...]}             vector of offsets; each item is a node or {old: absPos}
//   {string: 'text'}, {floats: [..]}, {bytes: Buffer, align: 16}
// {old: p} points into the old model body (absolute position p in the OLD file); it is resolved once
// the size of the inserted region is known.
class ForwardWriter {
  constructor(base) {
    this.base = base;       // absolute file position of out[0]
    this.out = [];          // Buffers
    this.len = 0;
    this.queue = [];        // [fieldAbsPos, node]
    this.oldRefs = [];      // [fieldAbsPos, oldAbsPos]
  }
  pos() { return this.base + this.len; }
  push(buf) { this.out.push(buf); this.len += buf.length; }
  pad(align, extra = 0) {
    const n = (align - ((this.pos() + extra) % align)) % align;
    if (n) this.push(Buffer.alloc(n));
  }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v >>> 0); this.push(b); }
  // A 4-byte offset slot at the current position that will point to `target`.
  refSlot(target) {
    const at = this.pos();
    if (target && target.old !== undefined) this.oldRefs.push([at, target.old]);
    else this.queue.push([at, target]);
    this.u32(0);
  }
  writeNode(node) {
    if (node.table) {
      // vtable (u16: vtable bytes, table bytes, then one offset per slot), then the table: its
      // soffset to the vtable and one 4-byte cell per present slot (small scalars padded).
      const slots = node.table;
      this.pad(4);
      const vt = this.pos();
      const vtab = Buffer.alloc(4 + 2 * slots.length);
      let cell = 4;
      slots.forEach((s, i) => { if (s) { vtab.writeUInt16LE(cell, 4 + 2 * i); cell += 4; } });
      vtab.writeUInt16LE(vtab.length, 0);
      vtab.writeUInt16LE(cell, 2);
      this.push(vtab);
      this.pad(4);
      const at = this.pos();
      const so = Buffer.alloc(4);
      so.writeInt32LE(at - vt);
      this.push(so);
      for (const s of slots) {
        if (!s) continue;
        if (s.ref !== undefined) this.refSlot(s.ref);
        else if (s.u32 !== undefined) this.u32(s.u32);
        else if (s.u8 !== undefined) { const b = Buffer.alloc(4); b.writeUInt8(s.u8); this.push(b); }
        else if (s.i8 !== undefined) { const b = Buffer.alloc(4); b.writeInt8(s.i8); this.push(b); }
        else throw new Error('bad table slot');
      }
      return at;
    }
    if (node.vector) {
      this.pad(4);
      const at = this.pos();
      this.u32(node.vector.length);
      for (const item of node.vector) this.refSlot(item);
      return at;
    }
    if (node.string !== undefined) {
      this.pad(4);
      const at = this.pos();
      const s = Buffer.from(node.string, 'utf8');
      this.u32(s.length);
      this.push(Buffer.concat([s, Buffer.alloc(1)]));
      return at;
    }
    if (node.floats) {
      this.pad(4);
      const at = this.pos();
      this.u32(node.floats.length);
      const b = Buffer.alloc(4 * node.floats.length);
      node.floats.forEach((f, i) => b.writeFloatLE(f, 4 * i));
      this.push(b);
      return at;
    }
    if (node.bytes) {
      this.pad(node.align || 4, 4); // the data (after the length) lands on the alignment
      const at = this.pos();
      this.u32(node.bytes.length);
      this.push(node.bytes);
      return at;
    }
    throw new Error('bad node');
  }
  // Writes the root node and everything it reaches (breadth first), patching each slot with the
  // forward distance to its target.
  writeAll(root) {
    const patches = [];
    const rootPos = this.writeNode(root);
    while (this.queue.length) {
      const [at, node] = this.queue.shift();
      patches.push([at, this.writeNode(node)]);
    }
    const buf = Buffer.concat(this.out);
    for (const [at, target] of patches) {
      if (target <= at) throw new Error('backward offset');
      buf.writeUInt32LE(target - at, at - this.base);
    }
    return {buf, rootPos};
  }
}

// ---------------------------------------------------------------------------------------------
// TFLite metadata (metadata_schema.fbs), only what Tasks needs for an image input:
// ModelMetadata{name 0, subgraph_metadata 3, min_parser_version 7}
//  -> SubGraphMetadata{input_tensor_metadata 2}
//  -> TensorMetadata{name 0, content 3, process_units 4}
//     Content{content_properties_type 0 = ImageProperties(2), content_properties 1}
//       ImageProperties{color_space 0 = RGB(1)}
//     ProcessUnit{options_type 0 = NormalizationOptions(1), options 1}
//       NormalizationOptions{mean 0, std 1}: model input = (pixel - mean) / std
export function metadataFlatbuffer(name, mean, std) {
  const norm = {table: [{ref: {floats: [mean]}}, {ref: {floats: [std]}}]};
  const unit = {table: [{u8: 1}, {ref: norm}]};
  const content = {table: [{u8: 2}, {ref: {table: [{i8: 1}]}}]};
  const tensor = {table: [{ref: {string: 'image'}}, null, null, {ref: content}, {ref: {vector: [unit]}}]};
  const subgraph = {table: [null, null, {ref: {vector: [tensor]}}]};
  const model = {table: [{ref: {string: name}}, null, null, {ref: {vector: [subgraph]}}, null, null, null,
    {ref: {string: '1.0.0'}}]};
  const w = new ForwardWriter(8);
  const {buf, rootPos} = w.writeAll(model);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(rootPos);
  head.write('M001', 4, 'latin1');
  return Buffer.concat([head, buf]);
}

// ---------------------------------------------------------------------------------------------
// Reading the old model: just the root Model table's slots.
// Model slots: 0 version, 1 operator_codes, 2 subgraphs, 3 description, 4 buffers, 5 metadata_buffer,
// 6 metadata, 7 signature_defs.

function tableReader(buf, table) {
  const vt = table - buf.readInt32LE(table);
  const vtLen = buf.readUInt16LE(vt);
  const field = slot => {
    if (4 + 2 * slot >= vtLen) return 0;
    const o = buf.readUInt16LE(vt + 4 + 2 * slot);
    return o ? table + o : 0;
  };
  return {
    field,
    ref: slot => { const f = field(slot); return f ? f + buf.readUInt32LE(f) : 0; },
    u32: (slot, dflt) => { const f = field(slot); return f ? buf.readUInt32LE(f) : dflt; },
  };
}

function vectorItems(buf, vec) {
  if (!vec) return [];
  const n = buf.readUInt32LE(vec);
  const items = [];
  for (let i = 0; i < n; i++) { const p = vec + 4 + 4 * i; items.push(p + buf.readUInt32LE(p)); }
  return items;
}

function readString(buf, p) { return buf.toString('utf8', p + 4, p + 4 + buf.readUInt32LE(p)); }

function modelSummary(buf) {
  if (buf.toString('latin1', 4, 8) !== 'TFL3') throw new Error('not a TFLite file');
  const root = tableReader(buf, buf.readUInt32LE(0));
  const metaTables = vectorItems(buf, root.ref(6));
  const meta = metaTables.map(m => {
    const t = tableReader(buf, m);
    return {name: t.ref(0) ? readString(buf, t.ref(0)) : '', buffer: t.u32(1, 0)};
  });
  const buffers = vectorItems(buf, root.ref(4));
  return {root, meta, metaTables, buffers, operatorCodes: vectorItems(buf, root.ref(1)).length,
    subgraphs: vectorItems(buf, root.ref(2)).length};
}

function bufferData(buf, bufferTable) {
  const t = tableReader(buf, bufferTable);
  const d = t.ref(0);
  return d ? buf.subarray(d + 4, d + 4 + buf.readUInt32LE(d)) : Buffer.alloc(0);
}

export function addImageMetadata(old, name, mean, std) {
  const s = modelSummary(old);
  if (s.meta.some(m => m.name === 'TFLITE_METADATA')) throw new Error(`${name}: already has TFLITE_METADATA`);
  // Large models keep weights outside the FlatBuffer (Buffer.offset/size, absolute positions);
  // shifting the body would break those, so refuse them.
  for (const b of s.buffers) {
    const t = tableReader(old, b);
    if (t.field(1) && old.readBigUInt64LE(t.field(1)) !== 0n) throw new Error(`${name}: external buffer offsets`);
  }
  const md = metadataFlatbuffer(name, mean, std);
  const old_ = p => (p ? {old: p} : null);
  const keep = slot => (s.root.ref(slot) ? {ref: {old: s.root.ref(slot)}} : null);
  const newBuffer = {table: [{ref: {bytes: md, align: 16}}]};
  const newMeta = {table: [{ref: {string: 'TFLITE_METADATA'}}, {u32: s.buffers.length}]};
  const root = {table: [
    {u32: s.root.u32(0, 3)},
    keep(1), keep(2), keep(3),
    {ref: {vector: [...s.buffers.map(old_), newBuffer]}},
    keep(5),
    {ref: {vector: [...s.metaTables.map(old_), newMeta]}},
    keep(7),
  ]};
  const w = new ForwardWriter(8);
  const {buf: region, rootPos} = w.writeAll(root);
  const n = Math.ceil(region.length / 16) * 16;
  const inserted = Buffer.concat([region, Buffer.alloc(n - region.length)]);
  for (const [at, oldPos] of w.oldRefs) inserted.writeUInt32LE(oldPos + n - at, at - 8);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(rootPos);
  head.write('TFL3', 4, 'latin1');
  const out = Buffer.concat([head, inserted, old.subarray(8)]);
  // Re-read: same operators, subgraphs and buffer contents, plus the metadata.
  const t = modelSummary(out);
  if (t.operatorCodes !== s.operatorCodes || t.subgraphs !== s.subgraphs || t.buffers.length !== s.buffers.length + 1)
    throw new Error(`${name}: re-read mismatch`);
  s.buffers.forEach((b, i) => {
    if (!bufferData(old, b).equals(bufferData(out, t.buffers[i]))) throw new Error(`${name}: buffer ${i} changed`);
  });
  const m = t.meta.find(e => e.name === 'TFLITE_METADATA');
  if (!m || !bufferData(out, t.buffers[m.buffer]).equals(md)) throw new Error(`${name}: metadata not found on re-read`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// ZIP with STORED members, fixed timestamps (1980-01-01 00:00), so the bytes are reproducible.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function storedZip(members) {
  const DOS_DATE = (0 << 9) | (1 << 5) | 1, DOS_TIME = 0; // 1980-01-01 00:00:00
  const parts = [], central = [];
  let offset = 0;
  for (const {name, data} of members) {
    const nm = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);           // version needed: 1.0
    local.writeUInt16LE(0, 6);            // flags
    local.writeUInt16LE(0, 8);            // method: stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nm.length, 26);
    local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0);
    cen.writeUInt16LE(20, 4);             // made by
    cen.writeUInt16LE(10, 6);
    cen.writeUInt16LE(0, 8);
    cen.writeUInt16LE(0, 10);
    cen.writeUInt16LE(DOS_TIME, 12);
    cen.writeUInt16LE(DOS_DATE, 14);
    cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(data.length, 20);
    cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(nm.length, 28);
    cen.writeUInt32LE(offset, 42);        // disk, attributes (30..41) stay 0
    central.push(cen, nm);
    parts.push(local, nm, data);
    offset += local.length + nm.length + data.length;
  }
  const cenBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cenBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cenBuf, end]);
}

// The hand landmarker bundle: both models take RGB in [0,1] = (pixel - 0) / 255.
export function buildHandTask(mediapipeDir, variant = 'lite') {
  const load = f => fs.readFileSync(path.join(mediapipeDir, f));
  return storedZip([
    {name: 'hand_detector.tflite', data: addImageMetadata(load(`palm_detection_${variant}.tflite`), `palm_detection_${variant}`, 0, 255)},
    {name: 'hand_landmarks_detector.tflite', data: addImageMetadata(load(`hand_landmark_${variant}.tflite`), `hand_landmark_${variant}`, 0, 255)},
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, out, variant = 'lite'] = process.argv.slice(2);
  if (!dir || !out) { console.error('usage: node make_task.mjs MODELS_DIR/mediapipe OUT.task [lite|full]'); process.exit(2); }
  const task = buildHandTask(dir, variant);
  fs.writeFileSync(out, task);
  console.log(`${out}: ${task.length} bytes`);
}
