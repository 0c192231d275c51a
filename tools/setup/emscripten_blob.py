#!/usr/bin/env python3
# usage: emscripten_blob.py LOADER.js DATA PATH OUT   -- writes file PATH of an Emscripten file_packager blob to OUT
#        emscripten_blob.py LOADER.js DATA              -- lists the files (start, end, path)
"""Emscripten's file_packager writes the packaged files back to back into one .data blob and puts
their index into the loader script as the argument of a single call,
    loadPackage({"files": [{"filename": ..., "start": ..., "end": ...}, ...], "remote_package_size": N})
The argument is plain JSON, so it is parsed with json's raw_decode from the opening brace; the
blob size is checked against remote_package_size before anything is sliced."""
import json
import sys


def read_index(loader_path, blob_size):
    with open(loader_path, encoding='utf-8', errors='replace') as f:
        js = f.read()
    call = js.find('loadPackage({')
    if call < 0:
        raise ValueError(f'{loader_path}: no loadPackage({{...}}) call')
    index, _ = json.JSONDecoder().raw_decode(js, call + len('loadPackage('))
    if index.get('remote_package_size') != blob_size:
        raise ValueError(f'blob is {blob_size} bytes, the loader expects {index.get("remote_package_size")}')
    for entry in index['files']:
        if not 0 <= entry['start'] <= entry['end'] <= blob_size:
            raise ValueError(f'{entry["filename"]}: range {entry["start"]}..{entry["end"]} outside the blob')
    return index['files']


def main(argv):
    if len(argv) not in (3, 5):
        sys.exit('usage: emscripten_blob.py LOADER.js DATA [PATH OUT]')
    with open(argv[2], 'rb') as f:
        blob = f.read()
    try:
        files = read_index(argv[1], len(blob))
    except (ValueError, KeyError, TypeError) as e:
        sys.exit(f'emscripten_blob.py: {e}')
    if len(argv) == 3:
        for entry in files:
            print(entry['start'], entry['end'], entry['filename'])
        return 0
    match = [e for e in files if e['filename'] == argv[3]]
    if not match:
        sys.exit(f'emscripten_blob.py: {argv[3]} is not in {argv[2]}')
    with open(argv[4], 'wb') as f:
        f.write(blob[match[0]['start']:match[0]['end']])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
