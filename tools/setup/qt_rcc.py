#!/usr/bin/env python3
# usage: qt_rcc.py FILE.rcc            -- lists the files in a Qt binary resource
#        qt_rcc.py FILE.rcc PATH OUT   -- writes the file at PATH (e.g. /dir/name.webp) to OUT
"""Reader for Qt's binary resource format (.rcc, as written by `rcc -binary`).

Layout (all integers big-endian):
  header   'qres', u32 format version, u32 tree offset, u32 data offset, u32 names offset
           (version 3 adds u32 flags)
  tree     one fixed-size node per entry; node 0 is the root directory.
           u32 name offset, u16 flags, then
             directory: u32 child count, u32 index of the first child
             file:      u16 territory, u16 language, u32 data offset
           and, from version 2 on, u64 last-modified time (so 14 or 22 bytes per node).
  names    u16 length in UTF-16 units, u32 hash, UTF-16BE characters
  data     u32 length, then the bytes; flag 1 = zlib, stored as qCompress does it
           (u32 uncompressed size + zlib stream); flag 4 = zstd (not needed for glint's photos).
Only the standard library is used, so set-up needs nothing beyond python3.
"""
import struct
import sys
import zlib

FLAG_ZLIB = 0x01
FLAG_DIR = 0x02
FLAG_ZSTD = 0x04


class RccError(Exception):
    pass


class Rcc:
    def __init__(self, blob):
        if len(blob) < 20 or blob[:4] != b'qres':
            raise RccError('not a Qt binary resource (no "qres" magic)')
        self.blob = blob
        self.version, self.tree, self.data, self.names = struct.unpack_from('>4I', blob, 4)
        if self.version not in (1, 2, 3):
            raise RccError(f'unsupported rcc format version {self.version}')
        self.node_size = 14 if self.version == 1 else 22

    def _node(self, index):
        off = self.tree + index * self.node_size
        if off + 14 > len(self.blob):
            raise RccError(f'tree node {index} lies outside the file')
        name_off, flags = struct.unpack_from('>IH', self.blob, off)
        a, b = struct.unpack_from('>II', self.blob, off + 6)
        return name_off, flags, a, b

    def _name(self, name_off):
        off = self.names + name_off
        (units,) = struct.unpack_from('>H', self.blob, off)
        raw = self.blob[off + 6:off + 6 + 2 * units]
        return raw.decode('utf-16-be')

    def _children(self, index):
        _, flags, count, first = self._node(index)
        if not flags & FLAG_DIR:
            return []
        return [(self._name(self._node(first + i)[0]), first + i) for i in range(count)]

    def walk(self, index=0, prefix=''):
        """Yields (path, node index) of every file below the directory node `index`."""
        for name, child in self._children(index):
            path = prefix + '/' + name
            if self._node(child)[1] & FLAG_DIR:
                yield from self.walk(child, path)
            else:
                yield path, child

    def find(self, path):
        index = 0
        for part in [p for p in path.split('/') if p]:
            match = [c for n, c in self._children(index) if n == part]
            if not match:
                raise RccError(f'{path}: not in the resource')
            index = match[0]
        return index

    def read(self, path):
        _, flags, _, data_off = self._node(self.find(path))
        if flags & FLAG_DIR:
            raise RccError(f'{path}: is a directory')
        off = self.data + data_off
        (size,) = struct.unpack_from('>I', self.blob, off)
        payload = self.blob[off + 4:off + 4 + size]
        if flags & FLAG_ZSTD:
            raise RccError(f'{path}: zstd-compressed entries are not supported')
        if flags & FLAG_ZLIB:
            (expected,) = struct.unpack_from('>I', payload, 0)
            payload = zlib.decompress(payload[4:])
            if len(payload) != expected:
                raise RccError(f'{path}: inflated to {len(payload)} bytes, header says {expected}')
        return payload


def main(argv):
    if len(argv) not in (2, 4):
        sys.exit('usage: qt_rcc.py FILE.rcc [PATH OUT]')
    with open(argv[1], 'rb') as f:
        rcc = Rcc(f.read())
    if len(argv) == 2:
        for path, _ in rcc.walk():
            print(path)
        return 0
    with open(argv[3], 'wb') as f:
        f.write(rcc.read(argv[2]))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except (RccError, struct.error, zlib.error) as e:
        sys.exit(f'qt_rcc.py: {e}')
