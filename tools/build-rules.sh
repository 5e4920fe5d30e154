# shellcheck shell=bash
# Sourced by tools/build and ./agilab: the products' folders and the one staleness rule (see tools/build), so the
# launcher can check an up-to-date product itself, without starting tools/build at every command. Needs $root.
sources=("$root/pom.xml" "$root/.mvn" "$root/target-platform" "$root/bundles" "$root/features" "$root/releng")
# the manager's JVM options (Ignite's --add-opens on Java 17), copied out of the runtime jar into the product
manager_options=manager-jvm-options.txt

# the one mapping from a product's name to its module (releng/<product id>), into the variable named $1; exits on an
# unknown name. Builtins only: the launchers reach it before every command
module_into() {
  case "$2" in
    headless|ide) printf -v "$1" '%s' "releng/org.agilab.$2" ;;
    *) echo "tools/build: unknown product '$2' (headless or ide)" >&2; exit 2 ;;
  esac
}

module_of() {
  local module
  module_into module "$1"
  echo "$module"
}

product_path() {
  local path
  product_path_into path "$1"
  echo "$path"
}

# product_path without a subshell, into the variable named $1 (the launchers run this before every command): the
# module's build output, under the product id the module is named after
product_path_into() {
  module_into "$1" "$2" # no local to hold it: whatever name the caller gives, it is the caller's variable that is set
  printf -v "$1" '%s' "$root/${!1}/target/products/${!1#releng/}/linux/gtk/x86_64"
}

started_of() {
  local started
  started_into started "$1"
  [ -z "$started" ] || echo "$started"
}

# the product's build start from its stamp, or nothing, into the variable named $1: builtins only, no subshell
started_into() {
  local stamp line
  printf -v "$1" '%s' ""
  product_path_into stamp "$2"
  stamp="$stamp/agilab-built.properties"
  [ -f "$stamp" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in started=*) printf -v "$1" '%s' "${line#started=}"; return 0 ;; esac
  done < "$stamp"
}

# the first source newer than the product's build, or nothing. A folder inside a module counts (a file deleted there
# changed it); module folders themselves do not: the pomless build writes and removes files there while it runs.
newer_source() {
  local started=$1
  if ! [[ "$started" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]; then
    echo "the stamp's time '$started'"
    return
  fi
  # pom.tycho and .polyglot.* are the pomless build's own files, written and removed while it runs
  find "${sources[@]}" \( -name target -o -name .metadata -o -name pom.tycho -o -name '.polyglot.*' \) -prune -o \
    \( -type f -o -type d -path "$root/*/*/*" \) -newermt "$started" -print -quit 2>/dev/null
}

fresh() {
  local started
  started_into started "$1"
  [ -n "$started" ] && [ -z "$(newer_source "$started")" ]
}

# a class-data archive of a typical manager run, which saves a third of every later command's start; made again
# when the runtime jar is newer than it (a new build)
# (a failed attempt is remembered until the next build, so it is not paid at every command)
archive_ready() {
  local product=$1 runtime_jar=$2
  [ "$product/manager.jsa" -nt "$runtime_jar" ] || [ "$product/manager.jsa.failed" -nt "$runtime_jar" ]
}
