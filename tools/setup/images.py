#!/usr/bin/python3
# usage: images.py check OUT_DIR   -- exit 0 when OUT_DIR already holds the pinned photos (fast: no decoding)
#        images.py fetch OUT_DIR   -- downloads the Debian packages, writes the 13 PNGs, INDEX.tsv, licences/
#        images.py record OUT_DIR  -- maintainers: like fetch, but writes the PNG hashes it got into images.tsv
#                                     (after a deliberate change of the conversion; source hashes are still checked)
"""Builds glint's test photos from Debian packages, listed in images.tsv next to this file.

Nothing is installed: each package is fetched with `apt-get download`, only the needed members
are unpacked (`dpkg-deb --fsys-tarfile | tar -x`), and the .deb is deleted right away, so the
disk never holds more than one package (the largest is 161 MB).

Every source file is checked against its pinned sha256 and every PNG written is checked too:
the PNGs must be byte-identical on every machine, because tests hash their decoded pixels.
That is why the vtest.avi frame is decoded with `-cpuflags 0`: ffmpeg's SIMD paths for
MS-MPEG4 motion compensation and for YUV->RGB round differently from its C code (by up to 3
levels), so the default output depends on the CPU. JPEG (libjpeg-turbo) and WebP (libwebp)
decoding give the same pixels with and without SIMD.

Cut-outs with alpha are flattened onto gray (128,128,128); gray photos stay 8-bit gray.
Runs with Debian's /usr/bin/python3 and python3-pil (Pillow); GLINT_DEBS_DIR, when set, is a
folder of already downloaded .debs to use and keep.
"""
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep tools/setup/ free of __pycache__
sys.path.insert(0, HERE)
from qt_rcc import Rcc  # noqa: E402  (standard library only)
MANIFEST = os.path.join(HERE, 'images.tsv')
STAMP = '.glint-stamp'
# Bump when the conversion changes in a way the manifest does not show.
RECIPE = 'photos-v1'
GRAY = (128, 128, 128)

# Licence of each package's photos and the files that state it (copied to OUT/licences/).
LICENCES = {
    'gcompris-qt-data': ('GPL-3.0 (leftright resource README: 2000, 2008 Bruno Coudoin and others)',
                         ['/usr/share/doc/gcompris-qt-data/copyright',
                          'rcc:/usr/share/gcompris-qt/rcc/leftright.rcc:/gcompris/src/activities/leftright/resource/README']),
    'opencv-doc': ('Apache-2.0 AND BSD-3-Clause (Debian copyright of opencv)',
                   ['/usr/share/doc/opencv-doc/copyright']),
    'tuxpaint-stamps-default': ('GPL-2.0 (Debian copyright of tuxpaint-stamps)',
                                ['/usr/share/doc/tuxpaint-stamps-default/copyright']),
    'python3-skimage': ('camera: CC0 (photographer Lav Varshney); astronaut: public domain (NASA)',
                        ['/usr/share/doc/python3-skimage/copyright']),
}


class Refused(Exception):
    pass


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def read_manifest():
    with open(MANIFEST, newline='') as f:
        rows = [line for line in f if not line.startswith('#')]
    return list(csv.DictReader(rows, delimiter='\t'))


def stamp_text():
    with open(MANIFEST, 'rb') as f:
        return RECIPE + ' ' + hashlib.sha256(f.read()).hexdigest() + '\n'


def check(out, quiet=False):
    """True when the stamp matches the manifest and every PNG has its pinned hash."""
    try:
        with open(os.path.join(out, STAMP)) as f:
            if f.read() != stamp_text():
                return False
    except OSError:
        return False
    for row in read_manifest():
        path = os.path.join(out, row['name'] + '.png')
        if not os.path.isfile(path) or sha256_file(path) != row['png_sha256']:
            if not quiet:
                print(f'images: {row["name"]}.png is missing or changed; rebuilding')
            return False
    return True


def verify(what, path, expected):
    actual = sha256_file(path)
    if actual != expected:
        raise Refused(f'sha256 mismatch for {what}\n  file:     {path}\n  expected: {expected}\n  actual:   {actual}\n'
                      '  (a changed Debian package? The pinned hashes are in tools/setup/images.tsv)')


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if r.returncode != 0:
        raise Refused(f'command failed ({r.returncode}): {" ".join(cmd)}\n{r.stdout.decode(errors="replace")}')
    return r.stdout


def download(package, debs):
    """Path of PACKAGE's .deb in `debs`, downloading it when not there."""
    found = [f for f in os.listdir(debs) if f.startswith(package + '_') and f.endswith('.deb')]
    if not found:
        cmd = ['apt-get', '-q', 'download', package]
        if os.geteuid() == 0:
            # apt drops to the _apt user unless told otherwise, and then cannot write to a
            # root-only folder (it warns and goes on unsandboxed anyway).
            cmd[1:1] = ['-o', 'APT::Sandbox::User=root']
        run(cmd, cwd=debs)
        found = [f for f in os.listdir(debs) if f.startswith(package + '_') and f.endswith('.deb')]
    if len(found) != 1:
        raise Refused(f'expected one {package}_*.deb in {debs}, found {found}')
    return os.path.join(debs, found[0])


def unpack(deb, members, tree):
    """Extracts only `members` (absolute paths in the package) below `tree`."""
    tar_names = ['.' + m for m in sorted(set(members))]
    feed = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', deb], stdout=subprocess.PIPE)
    r = subprocess.run(['tar', '-x', '-C', tree] + tar_names, stdin=feed.stdout,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    feed.stdout.close()
    if feed.wait() != 0 or r.returncode != 0:
        raise Refused(f'could not extract {tar_names} from {deb}:\n{r.stdout.decode(errors="replace")}')


def rcc_entry(tree, rcc_path, inner, dst):
    with open(tree + rcc_path, 'rb') as f:
        data = Rcc(f.read()).read(inner)
    with open(dst, 'wb') as f:
        f.write(data)


def video_frame(src, index, work):
    """Frame `index` (0-based) as an RGB image, decoded with ffmpeg's C code paths only."""
    from PIL import Image
    probe = run(['ffprobe', '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height',
                 '-of', 'csv=p=0', src]).decode().strip()
    width, height = (int(v) for v in probe.split(','))
    raw = os.path.join(work, 'frame.rgb')
    run(['ffmpeg', '-nostdin', '-v', 'error', '-cpuflags', '0', '-i', src,
         '-vf', f'select=eq(n\\,{int(index)})', '-fps_mode', 'passthrough', '-frames:v', '1',
         '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', raw])
    with open(raw, 'rb') as f:
        pixels = f.read()
    if len(pixels) != width * height * 3:
        raise Refused(f'{src}: frame {index}: got {len(pixels)} bytes, expected {width}x{height}x3')
    return Image.frombytes('RGB', (width, height), pixels)


def to_plain(im):
    """RGB or 8-bit gray; transparent pixels are blended onto GRAY."""
    from PIL import Image
    if im.mode in ('RGBA', 'LA', 'PA') or 'transparency' in im.info:
        rgba = im.convert('RGBA')
        flat = Image.new('RGB', rgba.size, GRAY)
        flat.paste(rgba.convert('RGB'), mask=rgba.getchannel('A'))
        return flat
    if im.mode == 'L':
        return im
    return im.convert('RGB')


def fetch(out, record=None):
    try:
        from PIL import Image
    except ImportError:
        raise Refused('needs Pillow for Debian python3 (apt-get install python3-pil)')
    rows = read_manifest()
    os.makedirs(out, exist_ok=True)
    keep_debs = os.environ.get('GLINT_DEBS_DIR')
    work = tempfile.mkdtemp(prefix='.work.', dir=out)
    try:
        tree = os.path.join(work, 'tree')
        debs = keep_debs or os.path.join(work, 'debs')
        os.makedirs(tree)
        os.makedirs(debs, exist_ok=True)
        os.chmod(work, 0o755)
        packages = []
        for row in rows:
            if row['package'] not in packages:
                packages.append(row['package'])
        # 1. one package at a time: download, extract the members, delete the .deb
        for pkg in packages:
            members = [r['path'] for r in rows if r['package'] == pkg]
            members += [m for m in LICENCES[pkg][1] if not m.startswith('rcc:')]
            deb = download(pkg, debs)
            unpack(deb, members, tree)
            if not keep_debs:
                os.remove(deb)
            print(f'images: {pkg}: {os.path.basename(deb)}')
        # 2. sources -> PNG
        index = []
        for row in rows:
            name, src = row['name'], tree + row['path']
            if row['kind'] == 'rcc':
                entry = os.path.join(work, name + os.path.splitext(row['inner'])[1])
                rcc_entry(tree, row['path'], row['inner'], entry)
                verify(f'{name} source {row["inner"]}', entry, row['source_sha256'])
                im = to_plain(Image.open(entry))
            elif row['kind'] == 'file':
                verify(f'{name} source {row["path"]}', src, row['source_sha256'])
                im = to_plain(Image.open(src))
            elif row['kind'] == 'video':
                verify(f'{name} source {row["path"]}', src, row['source_sha256'])
                im = video_frame(src, row['inner'], work)
            else:
                raise Refused(f'images.tsv: {name}: unknown kind {row["kind"]!r}')
            tmp = os.path.join(work, name + '.png')
            im.save(tmp, format='PNG')
            if record is not None:
                record[name] = row['png_sha256'] = sha256_file(tmp)
            verify(f'{name}.png (the PNG set-up wrote)', tmp, row['png_sha256'])
            os.replace(tmp, os.path.join(out, name + '.png'))
            pixels = hashlib.sha256(im.tobytes()).hexdigest()
            channels = 1 if im.mode == 'L' else 3
            index.append((name, str(im.size[0]), str(im.size[1]), str(channels), row['png_sha256'], pixels,
                          row['package'], LICENCES[row['package']][0]))
            print(f'images: {name:22s} {im.size[0]}x{im.size[1]}x{channels}')
        # 3. licences and the index
        lic = os.path.join(out, 'licences')
        os.makedirs(lic, exist_ok=True)
        for pkg in packages:
            for i, member in enumerate(LICENCES[pkg][1]):
                dst = os.path.join(lic, f'{pkg}.copyright' if i == 0 else f'{pkg}.{os.path.basename(member.split(":")[-1])}')
                if member.startswith('rcc:'):
                    _, rcc_path, inner = member.split(':', 2)
                    rcc_entry(tree, rcc_path, inner, dst)
                else:
                    shutil.copyfile(tree + member, dst)
        with open(os.path.join(out, 'INDEX.tsv'), 'w') as f:
            f.write('# sha256_pixels: sha256 of the decoded pixels, rows top to bottom, RGB interleaved or gray\n')
            f.write('name\twidth\theight\tchannels\tsha256_png\tsha256_pixels\tpackage\tlicence\n')
            for r in index:
                f.write('\t'.join(r) + '\n')
        with open(os.path.join(out, STAMP), 'w') as f:
            f.write(stamp_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_png_hashes(hashes):
    with open(MANIFEST) as f:
        lines = f.read().split('\n')
    for i, line in enumerate(lines):
        cols = line.split('\t')
        if len(cols) == 7 and cols[0] in hashes:
            cols[6] = hashes[cols[0]]
            lines[i] = '\t'.join(cols)
    with open(MANIFEST, 'w') as f:
        f.write('\n'.join(lines))


def main(argv):
    if len(argv) != 3 or argv[1] not in ('check', 'fetch', 'record'):
        sys.exit('usage: images.py check|fetch|record OUT_DIR')
    out = os.path.abspath(argv[2])
    if argv[1] == 'check':
        return 0 if check(out, quiet=True) else 1
    record = {} if argv[1] == 'record' else None
    try:
        fetch(out, record)
    except Refused as e:
        print(f'images: REFUSED: {e}', file=sys.stderr)
        return 1
    if record is not None:
        write_png_hashes(record)
        print(f'images: wrote {len(record)} PNG hashes into {MANIFEST}; set-up stamp is now stale, rerun set-up')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
