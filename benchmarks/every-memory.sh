#!/usr/bin/env bash
# Measures run --sandbox --every 2s: VmRSS at each run's end, and a gcdump (live GC heap after a forced GC) at the runs named.
# usage: benchmarks/every-memory.sh HOSTDIR OUTDIR CYCLES "5 20 45"   (HOSTDIR: the Release build of Chariot.Host.Sample)
# Needs dotnet-gcdump (and dotnet-counters unless NOCOUNTERS=1): dotnet tool install -g dotnet-gcdump; dotnet tool install -g dotnet-counters.
# HOSTDIR and OUTDIR are absolute paths; OUTDIR is emptied first. FULLDUMP=1 takes dotnet-dump heap dumps instead of gcdumps.
set -u
export PATH=$PATH:$HOME/.dotnet/tools
HOSTDIR=$1; OUT=$2; CYCLES=$3; DUMPS=" $4 "
mkdir -p "$OUT"; rm -f "$OUT"/*
cd "$HOSTDIR"
./chariot-host run --sandbox --every 2s --out /dev/null 2>"$OUT/stderr" &
PID=$!
echo "pid $PID"
CPID=
seen=0
echo "cycle,epoch_ms,vmrss_kb,vmhwm_kb" > "$OUT/rss.csv"
while [ $seen -lt $CYCLES ]; do
  n=$(grep -c '^next run in' "$OUT/stderr")
  if [ "$n" -gt "$seen" ]; then
    seen=$n
    if [ -z "$CPID" ] && [ -z "${NOCOUNTERS:-}" ]; then dotnet-counters collect -p $PID --counters System.Runtime --format csv -o "$OUT/counters.csv" --refresh-interval 1 >/dev/null 2>&1 & CPID=$!; fi
    rss=$(awk '/VmRSS/{print $2}' /proc/$PID/status); hwm=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
    echo "$seen,$(date +%s%3N),$rss,$hwm" >> "$OUT/rss.csv"
    if [[ "$DUMPS" == *" $seen "* ]]; then
      if [ -n "${FULLDUMP:-}" ]; then dotnet-dump collect -p $PID --type Heap -o "$OUT/cycle$seen.dump" > "$OUT/dump$seen.log" 2>&1; else dotnet-gcdump collect -p $PID -o "$OUT/cycle$seen.gcdump" > "$OUT/gcdump$seen.log" 2>&1; fi
    fi
  fi
  sleep 0.2
done
kill -TERM $PID; wait $PID; echo "host exit $?"
[ -n "$CPID" ] && { kill -INT $CPID 2>/dev/null; wait $CPID 2>/dev/null; }
