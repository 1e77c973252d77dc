#!/usr/bin/env bash
# Records the conformance traces on the real BEAM (Erlang/OTP + Elixir).
#
#   ./record.sh                 run every scenario, write scenarios/NNN_name.expected
#   ./record.sh --check         run and diff against the recorded .expected (no writes)
#   ./record.sh --repeat N      run the selection N times; with --check every run must
#                               match, without it every run must give the same output
#                               (the last one is written)
#   ./record.sh [--check] 031 alias ...   only scenarios whose file name contains one
#                               of the given substrings
#
# Each scenario runs in its own VM: `timeout 60 elixir scenarios/NNN_name.exs`.
# Only stdout is the trace; stderr (compiler warnings, VM noise) is shown on failure
# only. The rendering fixture support/render_cases.exs is recorded the same way into
# support/render_cases.expected (it checks the Python renderer, see test_conformance.py).
#
# If `elixir` is not on PATH it is installed with apt-get (Debian's `elixir`
# package brings Erlang/OTP 25 and Elixir 1.14, the versions the traces are for).
# Exit status: 0 when everything was written/matched, 1 otherwise.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

mode=record
repeat=1
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --check) mode=check ;;
    --repeat)
      shift
      repeat="${1:?--repeat needs a number}"
      ;;
    -h | --help)
      sed -n '2,20p' "$0"
      exit 0
      ;;
    *) filters+=("$1") ;;
  esac
  shift
done

ensure_elixir() {
  command -v elixir >/dev/null 2>&1 && return 0
  echo "record.sh: elixir not found, installing it with apt-get" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq elixir >&2
  command -v elixir >/dev/null 2>&1 || {
    echo "record.sh: could not install elixir" >&2
    exit 2
  }
}

selected() {
  local f pat
  for f in scenarios/*.exs support/render_cases.exs; do
    [ -f "$f" ] || continue
    if [ ${#filters[@]} -eq 0 ]; then
      echo "$f"
      continue
    fi
    for pat in "${filters[@]}"; do
      case "$(basename "$f")" in *"$pat"*)
        echo "$f"
        break
        ;;
      esac
    done
  done
}

ensure_elixir
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=()
while IFS= read -r f; do files+=("$f"); done < <(selected)
if [ ${#files[@]} -eq 0 ]; then
  echo "record.sh: no scenario matches ${filters[*]}" >&2
  exit 1
fi

bad=0
runs=0
for round in $(seq 1 "$repeat"); do
  for exs in "${files[@]}"; do
    stem="${exs%.exs}"
    id="$(basename "$stem")"
    out="$work/$id.out"
    timeout 60 elixir "$exs" >"$out" 2>"$work/$id.err"
    rc=$?
    runs=$((runs + 1))
    problem=""
    if [ "$(tail -n 1 "$out")" != "done" ]; then
      problem="trace does not end with 'done' (rc=$rc)"
    fi
    if [ "$mode" = check ]; then
      if [ ! -f "$stem.expected" ]; then
        problem="no $stem.expected"
      elif ! diff -u "$stem.expected" "$out" >"$work/$id.diff"; then
        problem="differs from $stem.expected (rc=$rc)"
      fi
    else
      # several rounds while recording: all of them must agree
      if [ -f "$work/$id.first" ]; then
        if ! diff -u "$work/$id.first" "$out" >"$work/$id.diff"; then
          problem="not deterministic: round $round differs from round 1"
        fi
      else
        cp "$out" "$work/$id.first"
      fi
      [ -z "$problem" ] && cp "$out" "$stem.expected"
    fi

    if [ -n "$problem" ]; then
      bad=$((bad + 1))
      echo "FAIL  $id (round $round): $problem"
      [ -s "$work/$id.diff" ] && sed 's/^/      /' "$work/$id.diff"
      [ -s "$work/$id.err" ] && tail -n 10 "$work/$id.err" | sed 's/^/    ! /'
    else
      echo "ok    $id (round $round)"
    fi
    rm -f "$work/$id.diff"
  done
done

echo "record.sh: mode=$mode runs=$runs failures=$bad"
[ "$bad" -eq 0 ]
