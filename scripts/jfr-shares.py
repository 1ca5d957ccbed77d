#!/usr/bin/env python3
"""Inclusive shares of a JFR recording: for each pattern, the share of CPU samples (jdk.ExecutionSample) and of
sampled allocation weight (jdk.ObjectAllocationSample) whose stack holds a frame matching it.

    scripts/jfr-shares.py RECORDING.jfr PATTERN [PATTERN...]
    # e.g. scripts/jfr-shares.py rec.jfr HandlerMethodArgumentResolverComposite dev.kgraph.gateway io.netty

A pattern matches a frame when it is a substring of `package.Class.method` (dots, not slashes). Stacks are as deep
as the recording kept them (JFR's default is 64 frames), so the shares of frames near a deep stack's bottom are lower
bounds. Uses the `jfr` tool of the JDK that runs the project's scripts (JAVA_HOME, else the one on PATH).
"""
import collections
import json
import os
import shutil
import subprocess
import sys


def events(jfr_tool, recording, kind):
    out = subprocess.run([jfr_tool, 'print', '--json', '--stack-depth', '256', '--events', kind, recording],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)['recording']['events']


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    recording, patterns = sys.argv[1], sys.argv[2:]
    home = os.environ.get('JAVA_HOME')
    jfr_tool = os.path.join(home, 'bin', 'jfr') if home else shutil.which('jfr')
    for kind, weight in (('jdk.ExecutionSample', None), ('jdk.ObjectAllocationSample', 'weight')):
        total, hits, found = 0, collections.Counter(), events(jfr_tool, recording, kind)
        for event in found:
            values = event['values']
            w = values.get(weight, 1) if weight else 1
            total += w
            frames = (values.get('stackTrace') or {}).get('frames') or []
            names = [(f['method']['type']['name'] + '.' + f['method']['name']).replace('/', '.') for f in frames]
            for p in patterns:
                if any(p in n for n in names):
                    hits[p] += w
        print(f'{kind}: {len(found)} events')
        for p in patterns:
            print(f'  {100 * hits[p] / max(total, 1):5.1f} %  {p}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
