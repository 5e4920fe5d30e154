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
