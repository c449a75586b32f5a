#!/usr/bin/env bash
# The host alone (no in-process sandbox server) repeating a job every 2 s against a fake tenant served by another
# process: VmRSS at each run's end, and dotnet-counters' System.Runtime counters.
# usage: benchmarks/every-memory-external.sh JOB CYCLES OUTDIR   with SSL_CERT_FILE naming the server's certificate, e.g.
#   dotnet run -c Release --project benchmarks/Chariot.Benchmarks.Sync -- serve --tenant small --connection conn.json
#   (a job file pointed at conn.json's endpoints with its app's secret), after dotnet build -c Release Chariot.Host.Sample
job=$1; C=$2; OUT=$3; mkdir -p $OUT; rm -f $OUT/*
export PATH=$PATH:$HOME/.dotnet/tools
H=$(cd "$(dirname "$0")/.." && pwd)/Chariot.Host.Sample/bin/Release/net10.0/chariot-host.dll
dotnet "$H" run --job $job --every 2s --out /dev/null 2>$OUT/stderr &
PID=$!; seen=0
while [ $seen -lt $C ]; do
  n=$(grep -c '^next run in' $OUT/stderr)
  if [ "$n" -gt "$seen" ]; then seen=$n
    if [ $seen -eq 1 ]; then dotnet-counters collect -p $PID --counters System.Runtime --format csv -o $OUT/counters.csv --refresh-interval 2 >/dev/null 2>&1 & CP=$!; fi
    echo "$seen $(awk '/VmRSS/{print $2}' /proc/$PID/status)" >> $OUT/rss.txt
  fi
  sleep 0.2
done
kill -TERM $PID; wait $PID; kill -INT $CP 2>/dev/null; wait $CP 2>/dev/null
