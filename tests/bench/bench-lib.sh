# Shared by the shell benchmarks in this folder (sourced, not run).
# median: "median [min-max]" of the numbers on stdin; med: the median alone
median() { sort -g | awk '{a[NR]=$1} END {printf "%.3g [%.3g-%.3g]", a[int((NR+1)/2)], a[1], a[NR]}'; }
med() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# wall CMD...: runs CMD quietly and appends its wall seconds to the file named by $out
wall() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.6f\n", (e - s) / 1e9}' >> "$out"
}
# settle: waits (at most 60 s) until every coordinator of $AGILAB_HOME has used under 10 ms of CPU in 300 ms, so no side
# is timed while a coordinator still works for an earlier run (its warm-up, its JIT's compilations) on the same cores
settle() {
  local deadline=$((SECONDS + 60)) pids pid before after busy
  # none yet (no coordinator.json): nothing to wait for
  pids=$(cat "$AGILAB_HOME"/wenv/*_worker/nodes/coordinator.json 2>/dev/null | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' || true)
  [ -n "$pids" ] || return 0
  while [ "$SECONDS" -lt "$deadline" ]; do
    busy=0
    for pid in $pids; do
      before=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || continue
      sleep 0.3
      after=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || continue
      [ "$((after - before))" -le 1 ] || busy=1 # clock ticks of 10 ms
    done
    [ "$busy" = 0 ] && return 0
  done
}
