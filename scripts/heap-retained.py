#!/usr/bin/env python3
"""What a set of objects keeps alive in a Java heap dump (HPROF, as `jcmd PID GC.heap_dump FILE` writes it).

    scripts/heap-retained.py DUMP N [--anchors CLASS,CLASS...] [--top 40]

The anchors are the objects that stand for one unit of work (by default a waiting HTTP call of the gateway: its
Netty channel, its completion waiter and its timers). The script finds every live object (reachable from the GC
roots), then every object still reachable once the anchors are taken away; the difference is what the anchors alone
retain. It prints that total divided by N (the number of units, e.g. the calls waiting when the dump was taken), by
class, and by owner: the nearest retained object, on a breadth-first path from the anchors, whose class is not a JDK
collection, array or string. Sizes assume compressed references and 12-byte headers, so they are estimates within a few
per cent of `jcmd PID GC.class_histogram`'s.

Pure Python, for a machine without a heap analyser; about a minute per 300 MB dump.
Procedure used for docs/benchmarks.md (section 8): a standalone server, a burst of long `slow` runs from the load tool
(`--mode burst --runs 4000 --ms 30000`), a dump while all calls wait, then this script with N = 4000.
"""
import argparse
import collections
import mmap
import struct
import sys

GATEWAY_CALL = ("io.netty.channel.epoll.EpollSocketChannel,io.netty.channel.socket.nio.NioSocketChannel,"
                "dev.kgraph.gateway.requests.RunCompletions$Waiter,"
                "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask")
PRIMITIVE_ARRAYS = {4: 'boolean[]', 5: 'char[]', 6: 'float[]', 7: 'double[]', 8: 'byte[]', 9: 'short[]', 10: 'int[]',
                    11: 'long[]'}


class Dump:
    """The parts of an HPROF file needed here: classes, instances, arrays, GC roots."""

    def __init__(self, path):
        self.file = open(path, 'rb')  # kept open: the map needs its descriptor
        self.mm = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
        p = self.mm.find(b'\0') + 1
        self.idsz = struct.unpack_from('>I', self.mm, p)[0]
        self.idf = '>Q' if self.idsz == 8 else '>I'
        self.sizes = {2: self.idsz, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
        self.strings, self.class_names, self.supers, self.fields = {}, {}, {}, {}
        self.objects = {}  # id -> (kind 0 instance / 1 object array / 2 primitive array, class or type, data, n)
        self.roots = []
        self._read(p + 12)
        self._layouts, self._names = {}, {}

    def rid(self, q):
        return struct.unpack_from(self.idf, self.mm, q)[0]

    def _read(self, p):
        mm, idsz, sz = self.mm, self.idsz, self.sizes
        while p < len(mm):
            tag = mm[p]
            length = struct.unpack_from('>I', mm, p + 5)[0]
            body = p + 9
            p = body + length
            if tag == 0x01:
                self.strings[self.rid(body)] = mm[body + idsz:body + length].decode('utf-8', 'replace')
            elif tag == 0x02:
                self.class_names[self.rid(body + 4)] = self.rid(body + 8 + idsz)
            elif tag in (0x0C, 0x1C):
                self._read_heap(body, body + length)

    def _read_heap(self, q, end):
        mm, idsz, sz, rid = self.mm, self.idsz, self.sizes, self.rid
        skip = {0xFF: idsz, 0x01: 2 * idsz, 0x02: idsz + 8, 0x03: idsz + 8, 0x04: idsz + 4, 0x05: idsz,
                0x06: idsz + 4, 0x07: idsz, 0x08: idsz + 8}
        while q < end:
            sub = mm[q]
            q += 1
            if sub in skip:
                self.roots.append(rid(q))
                q += skip[sub]
            elif sub == 0x20:  # class dump
                cid, sup = rid(q), rid(q + 4 + idsz)
                q += 7 * idsz + 8
                ncp = struct.unpack_from('>H', mm, q)[0]
                q += 2
                for _ in range(ncp):
                    q += 3 + sz[mm[q + 2]]
                nstatic = struct.unpack_from('>H', mm, q)[0]
                q += 2
                for _ in range(nstatic):
                    t = mm[q + idsz]
                    if t == 2:
                        self.roots.append(rid(q + idsz + 1))  # static fields keep their values alive
                    q += idsz + 1 + sz[t]
                nfields = struct.unpack_from('>H', mm, q)[0]
                q += 2
                types = []
                for _ in range(nfields):
                    types.append(mm[q + idsz])
                    q += idsz + 1
                self.supers[cid], self.fields[cid] = sup, types
                self.roots.append(cid)
            elif sub == 0x21:  # instance
                oid, cid = rid(q), rid(q + 4 + idsz)
                n = struct.unpack_from('>I', mm, q + 4 + 2 * idsz)[0]
                data = q + 8 + 2 * idsz
                self.objects[oid] = (0, cid, data, n)
                q = data + n
            elif sub == 0x22:  # object array
                oid = rid(q)
                n = struct.unpack_from('>I', mm, q + 4 + idsz)[0]
                data = q + 8 + 2 * idsz
                self.objects[oid] = (1, rid(q + 8 + idsz), data, n)
                q = data + n * idsz
            elif sub == 0x23:  # primitive array
                oid = rid(q)
                n = struct.unpack_from('>I', mm, q + 4 + idsz)[0]
                t = mm[q + 8 + idsz]
                self.objects[oid] = (2, t, 0, n)
                q += 9 + idsz + n * sz[t]
            else:
                raise SystemExit(f'unknown heap dump record {sub:#x}')

    def class_name(self, oid):
        entry = self.objects.get(oid)
        if entry is None:
            return '<class>'
        kind, c, _, _ = entry
        if kind == 2:
            return PRIMITIVE_ARRAYS[c]
        if c not in self._names:
            name_id = self.class_names.get(c)
            self._names[c] = self.strings.get(name_id, '?').replace('/', '.') if name_id else '?'
        return self._names[c]

    def _layout(self, cid):
        """An instance's reference offsets in the dump and its field bytes in the JVM (compressed references),
        from one walk of its class and superclasses (the dump lays out the class's fields first), cached per class."""
        layout = self._layouts.get(cid)
        if layout is None:
            offsets, o, field_bytes, c = [], 0, 0, cid
            while c and c in self.fields:
                for t in self.fields[c]:
                    if t == 2:
                        offsets.append(o)
                    o += self.sizes[t]
                    field_bytes += 4 if t == 2 else self.sizes[t]
                c = self.supers.get(c)
            layout = self._layouts[cid] = (offsets, field_bytes)
        return layout

    def children(self, oid):
        entry = self.objects.get(oid)
        if entry is None:
            return ()
        kind, c, data, n = entry
        if kind == 0:
            return [self.rid(data + o) for o in self._layout(c)[0]]
        if kind == 1:
            return [self.rid(data + i * self.idsz) for i in range(n)]
        return ()

    def size(self, oid):
        """Shallow size with compressed references: 12-byte header, 4-byte references, 8-byte alignment."""
        kind, c, _, n = self.objects[oid]
        if kind == 0:
            return (12 + self._layout(c)[1] + 7) // 8 * 8
        if kind == 1:
            return (16 + 4 * n + 7) // 8 * 8
        return (16 + self.sizes[c] * n + 7) // 8 * 8

    def reachable(self, starts, blocked):
        seen, stack = set(), [s for s in starts if s not in blocked]
        while stack:
            o = stack.pop()
            if o in seen:
                continue
            seen.add(o)
            stack.extend(c for c in self.children(o) if c and c not in seen and c not in blocked)
        return seen


def is_plain(name):
    return name.startswith(('java.', 'jdk.')) or name.endswith('[]') or name.startswith('[')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('dump')
    parser.add_argument('n', type=int, help='units the anchors stand for (e.g. calls waiting at the dump)')
    parser.add_argument('--anchors', default=GATEWAY_CALL, help='comma-separated class names')
    parser.add_argument('--top', type=int, default=40)
    args = parser.parse_args()
    dump = Dump(args.dump)
    anchor_classes = set(args.anchors.split(','))
    anchors = {o for o, e in dump.objects.items() if e[0] != 2 and dump.class_name(o) in anchor_classes}
    live = dump.reachable(dump.roots, set())
    retained = [o for o in live - dump.reachable(dump.roots, anchors) if o in dump.objects]
    sizes = {o: dump.size(o) for o in retained}
    total = sum(sizes.values())
    print(f'{len(live):,} live objects; {len(anchors):,} anchors retain {len(retained):,} objects, '
          f'{total / 1e6:.1f} MB: {total / args.n:,.0f} B per unit ({args.n:,} units)')
    by_class, count = collections.Counter(), collections.Counter()
    for o in retained:
        name = dump.class_name(o)
        by_class[name] += sizes[o]
        count[name] += 1
    print('\nby class (bytes and objects per unit):')
    for name, b in by_class.most_common(args.top):
        print(f'{b / args.n:8,.0f} B {count[name] / args.n:6.2f}  {name}')
    parent, queue, in_retained = {}, collections.deque(), set(retained)
    for a in anchors:
        if a in in_retained:
            parent[a] = None
            queue.append(a)
    while queue:
        o = queue.popleft()
        for c in dump.children(o):
            if c in in_retained and c not in parent:
                parent[c] = o
                queue.append(c)
    by_owner = collections.Counter()
    for o in retained:
        x = o
        while x is not None and is_plain(dump.class_name(x)):
            x = parent.get(x)
        by_owner['<anchor>' if x is None else dump.class_name(x)] += sizes[o]
    print('\nby owner (the nearest retained object that is not a JDK collection, array or string):')
    for name, b in by_owner.most_common(args.top):
        print(f'{b / args.n:8,.0f} B  {name}')


if __name__ == '__main__':
    sys.exit(main())
